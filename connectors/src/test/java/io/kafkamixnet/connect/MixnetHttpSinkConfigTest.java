package io.kafkamixnet.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

class MixnetHttpSinkConfigTest {

    private static final String KEY = "ab".repeat(32);

    static Map<String, String> minimal() {
        Map<String, String> c = new HashMap<>();
        c.put("http.url", "http://127.0.0.1:8080/api");
        c.put("mixnet.directory.topic", "net.directory");
        c.put("mixnet.trusted.identities", KEY);
        c.put("mixnet.kafka.bootstrap.servers", "localhost:9092");
        return c;
    }

    @Test
    void aMinimalConfigHasTheDocumentedDefaults() {
        MixnetHttpSinkConfig c = new MixnetHttpSinkConfig(minimal());
        assertThat(c.method()).isEqualTo("POST");
        assertThat(c.retries()).isEqualTo(3);
        assertThat(c.retryStatusCodes()).containsExactly(429, 502, 503, 504);
        assertThat(c.headers()).containsExactly(Map.entry("Content-Type", "application/octet-stream"));
        assertThat(c.kafkaClientConfig()).containsEntry("bootstrap.servers", "localhost:9092");
        assertThat(c.trustPolicy()).isNotNull();
    }

    @Test
    void connectorValidationOfTheMinimalConfigReportsNoErrors() {
        Config result = new MixnetHttpSinkConnector().validate(new HashMap<>(minimal()));
        for (ConfigValue v : result.configValues()) {
            assertThat(v.errorMessages()).as(v.name()).isEmpty();
        }
    }

    @Test
    void kafkaClientSettingsArePassedThroughWithoutThePrefix() {
        Map<String, String> m = minimal();
        m.put("mixnet.kafka.security.protocol", "SASL_SSL");
        m.put("mixnet.kafka.bootstrap.servers", "a:1,b:2");
        assertThat(new MixnetHttpSinkConfig(m).kafkaClientConfig())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("bootstrap.servers", "a:1,b:2");
    }

    @Test
    void headersAndAuthorizationBecomeFixedHeaders() {
        Map<String, String> m = minimal();
        m.put("http.headers", "X-Api-Key:k1, X-Bridge : mixnet");
        m.put("http.authorization", "Bearer secret");
        assertThat(new MixnetHttpSinkConfig(m).headers())
                .containsEntry("X-Api-Key", "k1")
                .containsEntry("X-Bridge", "mixnet")
                .containsEntry("Authorization", "Bearer secret");
        assertThat(new MixnetHttpSinkConfig(m).toString()).doesNotContain("secret");
    }

    @Test
    void theLoggedUrlLeavesOutUserInfoPathAndQuery() {
        Map<String, String> m = minimal();
        m.put("http.url", "https://user:pw@api.internal:8443/v1/submit?token=secret");
        assertThat(new MixnetHttpSinkConfig(m).loggableUrl()).isEqualTo("https://api.internal:8443");
    }

    @Test
    void invalidValuesAreRefusedNamingTheSetting() {
        for (Map.Entry<String, String> bad : List.of(
                Map.entry("http.url", "ftp://host/x"),
                Map.entry("http.url", "not a url"),
                Map.entry("http.method", "TRACE"),
                Map.entry("http.headers", "Host:evil"),
                Map.entry("http.headers", "no-colon"),
                Map.entry("http.retries", "-1"),
                Map.entry("http.retry.status.codes", "700"),
                Map.entry("mixnet.trusted.identities", "abcd"),
                Map.entry("mixnet.kafka.bootstrap.servers", ""))) {
            Map<String, String> m = minimal();
            m.put(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> new MixnetHttpSinkConfig(m))
                    .as(bad.toString())
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining(bad.getKey());
        }
    }

    @Test
    void aBackoffAboveItsMaximumAndNoTrustAreRefused() {
        Map<String, String> m = minimal();
        m.put("http.retry.backoff.ms", "20000");
        assertThatThrownBy(() -> new MixnetHttpSinkConfig(m)).hasMessageContaining("http.retry.backoff.max.ms");
        Map<String, String> n = minimal();
        n.remove("mixnet.trusted.identities");
        assertThatThrownBy(() -> new MixnetHttpSinkConfig(n)).hasMessageContaining("at least one trusted");
    }

    @Test
    void aConverterOtherThanByteArrayIsRefusedAtStart() {
        Map<String, String> m = minimal();
        m.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        assertThatThrownBy(() -> new MixnetHttpSinkConnector().start(m))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ByteArrayConverter");
    }

    @Test
    void oneTaskWhateverTasksMaxSays() {
        MixnetHttpSinkConnector c = new MixnetHttpSinkConnector();
        c.start(minimal());
        assertThat(c.taskConfigs(4)).hasSize(1);
    }
}
