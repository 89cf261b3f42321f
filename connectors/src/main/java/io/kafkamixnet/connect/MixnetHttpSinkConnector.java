package io.kafkamixnet.connect;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Connect HTTP bridge: puts an unmodified HTTP service behind the mixnet. It reads the service's
 * exit topic ({@code topics}), reassembles each request, sends its bytes as the body of an HTTP request
 * to {@code http.url}, and sends the response back through the reply blocks (SURBs) in the request. The
 * HTTP service sees only the request bytes and the bridge's fixed headers. See docs/operations.md,
 * "Kafka Connect HTTP bridge", for installation, settings, the error-to-reply mapping and delivery.
 *
 * <p>Records must reach the task as raw bytes: {@code value.converter} (and {@code key.converter})
 * {@value #BYTE_ARRAY_CONVERTER}. The exit topic is written in transactions, so the task's consumer
 * should read committed records only: {@code consumer.override.isolation.level=read_committed}.
 *
 * <p>One task per connector, whatever {@code tasks.max} says: the fragments of a multi-fragment request
 * land on random partitions of the exit topic and must all reach the same reassembler. Run one
 * connector per exit topic.
 */
public final class MixnetHttpSinkConnector extends SinkConnector {

    private static final Logger LOG = LoggerFactory.getLogger(MixnetHttpSinkConnector.class);

    /** The converter the exit records need: the task decodes the Avro exit message itself. */
    public static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";

    /** Connect's own setting, passed to the task so it knows whether to skip records it cannot report. */
    static final String ERRORS_TOLERANCE = "errors.tolerance";

    private Map<String, String> props;

    @Override
    public void start(Map<String, String> props) {
        new MixnetHttpSinkConfig(props); // fail here, with the setting's name, rather than in the task
        for (String converter : List.of("value.converter", "key.converter")) {
            String c = props.get(converter);
            if (c != null && !c.strip().equals(BYTE_ARRAY_CONVERTER)) {
                throw new ConfigException(
                        converter,
                        c,
                        "expected " + BYTE_ARRAY_CONVERTER + ": the bridge decodes the exit records itself");
            }
        }
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MixnetHttpSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        if (maxTasks > 1) {
            LOG.info(
                    "Running 1 task although tasks.max is {}: all fragments of a request must meet in one task",
                    maxTasks);
        }
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return MixnetHttpSinkConfig.CONFIG_DEF;
    }

    @Override
    public String version() {
        return Version.get();
    }
}
