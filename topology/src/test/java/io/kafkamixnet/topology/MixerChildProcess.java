package io.kafkamixnet.topology;

import io.kafkamixnet.admin.ClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A mixer in its own JVM, for the crash test: {@code MixerChildProcess <mixer.properties> <bootstrap>}.
 * Prints {@code RUNNING} once processing, then {@code HELD <n>} whenever its held count changes.
 * It never exits by itself: the test kills it.
 */
public final class MixerChildProcess {

    private MixerChildProcess() {}

    public static void main(String[] args) throws Exception {
        MixerConfig config = MixerConfig.load(Path.of(args[0]), Map.of());
        MixerApplication mixer = MixerApplication.create(config, ClientSettings.of(args[1]));
        mixer.start();
        if (!mixer.awaitRunning(Duration.ofMinutes(2))) {
            System.out.println("FAILED " + mixer.state());
            System.exit(2);
        }
        System.out.println("RUNNING");
        long last = -1;
        while (true) {
            long held = mixer.metrics().heldCount();
            if (held != last) {
                System.out.println("HELD " + held);
                last = held;
            }
            Thread.sleep(50);
        }
    }
}
