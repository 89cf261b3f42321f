package io.kafkamixnet.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyFileTextTest {

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void readsFieldsAcrossLineEndingsCommentsAndBlanks() throws IOException {
        byte[] content =
                ascii("# a comment\r\n\r\n  format = f-v1 \r\n\t# indented comment\nkey=AQID\nlater=ignored\n");
        try (KeyFileText text = KeyFileText.parse(content, "test file")) {
            text.requireFormat("f-v1");
            assertThat(text.base64("key")).containsExactly(1, 2, 3);
            assertThat(text.text("later")).isEqualTo("ignored");
            assertThat(text.base64("absent")).isNull();
        }
    }

    @Test
    void refusesALineWithoutEquals() {
        assertThatThrownBy(() -> KeyFileText.parse(ascii("format=f-v1\nAAAA\n"), "test file"))
                .isInstanceOf(IOException.class)
                .hasMessage("test file: expected name=value lines, found a line without '='");
    }

    @Test
    void saysWhichFormatItExpectedAndFound() throws IOException {
        try (KeyFileText text = KeyFileText.parse(ascii("format=other\n"), "test file")) {
            assertThatThrownBy(() -> text.requireFormat("f-v1"))
                    .hasMessage("test file: expected format=f-v1, found 'other'");
        }
        try (KeyFileText text = KeyFileText.parse(ascii("key=AQID\n"), "test file")) {
            assertThatThrownBy(() -> text.requireFormat("f-v1"))
                    .hasMessage("test file: expected format=f-v1, found no format line");
        }
    }

    @Test
    void badBase64NamesTheFieldNotTheValue() throws IOException {
        try (KeyFileText text = KeyFileText.parse(ascii("format=f-v1\nprivate=sec!ret\n"), "test file")) {
            assertThatThrownBy(() -> text.base64("private"))
                    .hasMessage("test file: field 'private' is not valid base64")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sec!ret"));
        }
    }

    @Test
    void wipeClearsTheCopiedValues() throws IOException {
        KeyFileText text = KeyFileText.parse(ascii("format=f-v1\nkey=AQID\n"), "test file");
        text.wipe();
        assertThat(text.text("key")).isEqualTo("\0\0\0\0");
    }
}
