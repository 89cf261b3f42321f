package io.kafkamixnet.cli;

import java.io.IOException;
import java.nio.file.Path;

/** {@link MixnetJar} for tests of other packages (it stays package-private with its helpers). */
public final class MixnetJarAccess {

    private MixnetJarAccess() {}

    public static Process start(Path work, Path out, Path err, String... args) throws IOException {
        return MixnetJar.start(work, out, err, args);
    }
}
