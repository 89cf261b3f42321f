package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ErrorTextTest {

    @Test
    void aFileSystemErrorSaysWhatWentWrongWithThePath() {
        assertThat(ErrorText.of(new UncheckedIOException(new NoSuchFileException("/no/such"))))
                .isEqualTo("no such file or directory: /no/such");
        assertThat(ErrorText.of(new IllegalStateException("the mixer did not start")))
                .isEqualTo("the mixer did not start");
    }

    @Test
    void keygenIntoAFileNamesTheProblemNotOnlyThePath(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        StringWriter err = new StringWriter();
        CommandLine cl = MixnetCommand.newCommandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        int code = cl.execute("keygen", "--dir", file.toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("mixnet keygen: ").contains(file.toString());
        assertThat(err.toString().lines().findFirst().orElseThrow()).isNotEqualTo("mixnet keygen: " + file);
    }
}
