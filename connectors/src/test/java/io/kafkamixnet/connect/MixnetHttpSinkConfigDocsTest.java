package io.kafkamixnet.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.ConfigDefMarkdown;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The connector's configuration table in {@code docs/operations.md} is generated from
 * {@link MixnetHttpSinkConfig#CONFIG_DEF}; this test fails when the committed table differs, and rewrites
 * it when run with {@code -Dmixnet.docs.write=true}.
 */
class MixnetHttpSinkConfigDocsTest {

    static final String START =
            "<!-- http-bridge-config:start (generated from MixnetHttpSinkConfig; do not edit by hand) -->\n";
    static final String END = "<!-- http-bridge-config:end -->";
    static final String REGENERATE = "mvn -B -o -pl connectors -am verify -DskipITs"
            + " -Dtest=MixnetHttpSinkConfigDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dmixnet.docs.write=true";

    @Test
    void theConfigurationTableInTheDocsIsTheOneTheDefinitionGenerates() throws IOException {
        Path doc = docs();
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int start = text.indexOf(START);
        int end = text.indexOf(END);
        assertThat(start)
                .as("%s needs the marker lines %s and %s", doc, START.trim(), END)
                .isNotNegative();
        assertThat(end).as("end marker after the start marker in %s", doc).isGreaterThan(start);
        String committed = text.substring(start + START.length(), end);
        String generated = "\n" + ConfigDefMarkdown.render(MixnetHttpSinkConfig.CONFIG_DEF) + "\n";
        if (Boolean.getBoolean("mixnet.docs.write") && !committed.equals(generated)) {
            Files.writeString(
                    doc,
                    text.substring(0, start + START.length()) + generated + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(committed)
                .as(
                        "the connector's configuration table in %s differs from MixnetHttpSinkConfig; regenerate it"
                                + " with%n  %s",
                        doc, REGENERATE)
                .isEqualTo(generated);
    }

    private static Path docs() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
        return module.getParent().resolve("docs").resolve("operations.md");
    }
}
