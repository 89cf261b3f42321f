package io.kafkamixnet.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The configuration table in {@code docs/mixing.md} is generated from {@link MixerConfigDef}; this
 * test fails when the committed table differs, and rewrites it when run with
 * {@code -Dmixnet.docs.write=true}.
 */
class MixerConfigDocsTest {

    static final String START = "<!-- config-table:start (generated from MixerConfigDef; do not edit by hand) -->\n";
    static final String END = "<!-- config-table:end -->";
    static final String REGENERATE = "mvn -B -o -pl topology -am verify -DskipITs -Dtest=MixerConfigDocsTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dmixnet.docs.write=true";

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
        String generated = "\n" + MixerConfigDef.markdownTable() + "\n";
        if (Boolean.getBoolean("mixnet.docs.write") && !committed.equals(generated)) {
            Files.writeString(
                    doc,
                    text.substring(0, start + START.length()) + generated + text.substring(end),
                    StandardCharsets.UTF_8);
            return;
        }
        assertThat(committed)
                .as(
                        "the configuration table in %s differs from MixerConfigDef; regenerate it with%n  %s",
                        doc, REGENERATE)
                .isEqualTo(generated);
    }

    @Test
    void everyDeclaredKeyIsInTheTable() {
        String table = MixerConfigDef.markdownTable();
        for (String key : MixerConfigDef.configDef().names()) {
            assertThat(table).contains("| `" + key + "` |");
        }
    }

    private static Path docs() {
        // Surefire runs in the module directory and sets basedir to it; the docs sit beside the modules.
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath();
        return module.getParent().resolve("docs").resolve("mixing.md");
    }
}
