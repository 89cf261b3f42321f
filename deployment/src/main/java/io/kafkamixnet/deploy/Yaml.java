package io.kafkamixnet.deploy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;

/**
 * The one YAML writer of generated files: typed Kubernetes and Strimzi objects (their Jackson
 * annotations decide field names) and plain maps for compose, with empty fields left out, strings
 * quoted only where YAML would read them as something else, and a stable order.
 */
public final class Yaml {

    private static final YAMLMapper MAPPER = mapper(JsonInclude.Include.NON_EMPTY);
    /** For plain maps: an empty map is meaningful there (compose's {@code volumes: {name: {}}}). */
    private static final YAMLMapper PLAIN = mapper(JsonInclude.Include.ALWAYS);

    private static YAMLMapper mapper(JsonInclude.Include inclusion) {
        return YAMLMapper.builder(YAMLFactory.builder()
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                        .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
                        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .disable(YAMLGenerator.Feature.SPLIT_LINES)
                        // Polymorphic fields (Strimzi's listener authentication, storage, ACL resources) carry their
                        // "type" property, as Kubernetes reads them, not a YAML tag.
                        .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                        .build())
                .serializationInclusion(inclusion)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build();
    }

    private Yaml() {}

    /** {@code value} as a tree, to adjust before writing. */
    public static com.fasterxml.jackson.databind.JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /** One YAML document for a typed object, its empty fields left out. */
    public static String write(Object value) {
        return write(MAPPER, value);
    }

    /** One YAML document for plain maps and lists, written whole. */
    public static String writePlain(Object value) {
        return write(PLAIN, value);
    }

    private static String write(YAMLMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot write " + value.getClass().getSimpleName() + " as YAML: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Several documents in one file after a comment header, separated by {@code ---} (none before the
     * first: some readers take a leading separator after comments for an empty document).
     */
    public static String writeAll(String header, List<?> values) {
        StringBuilder out = new StringBuilder(header);
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append("---\n");
            }
            out.append(write(values.get(i)));
        }
        return out.toString();
    }
}
