package io.kafkamixnet.topology;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics endpoint of one mixer ({@code metrics.port}): a Prometheus registry with the mixer's own
 * meters ({@link MixerMeterBinder}), Kafka's metrics of its Kafka Streams instance and admin client
 * (Micrometer's {@link KafkaStreamsMetrics} and {@link KafkaClientMetrics}, tagged with the mixer id),
 * JVM and process metrics, served by a {@link MetricsEndpoint}. Created at start, closed with the mixer.
 */
final class MixerTelemetry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MixerTelemetry.class);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Tags tags;
    private final List<AutoCloseable> binders = new ArrayList<>();
    private MetricsEndpoint endpoint;

    private MixerTelemetry(MixerConfig config, MixerMeterBinder mixer) {
        // Kafka's metrics get the mixer id too, so one Prometheus tells the mixers of a host apart.
        this.tags = Tags.of("mixer", config.mixerId());
        mixer.bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        binders.add(gc);
    }

    /**
     * Binds the mixer's meters and the admin client's metrics, and starts serving on the configured
     * address and port.
     *
     * @throws IOException if the address cannot be bound (the message names it and the setting)
     */
    static MixerTelemetry start(MixerConfig config, MixerMeterBinder mixer, Admin admin) throws IOException {
        MixerTelemetry t = new MixerTelemetry(config, mixer);
        try {
            if (admin instanceof AdminClient adminClient) {
                KafkaClientMetrics m = new KafkaClientMetrics(adminClient, t.tags);
                m.bindTo(t.registry);
                t.binders.add(m);
            }
            int port = config.metricsPort().orElseThrow();
            try {
                t.endpoint = MetricsEndpoint.start(t.registry, config.metricsBindAddress(), port);
            } catch (IOException e) {
                throw new IOException(
                        "mixer " + config.mixerId() + ": " + e.getMessage() + " (settings "
                                + MixerConfigDef.METRICS_BIND_ADDRESS + ", " + MixerConfigDef.METRICS_PORT + ")",
                        e);
            }
        } catch (IOException | RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Adds Kafka Streams' metrics (client, thread, task, store levels) once the instance exists. */
    void bindStreams(KafkaStreams streams) {
        KafkaStreamsMetrics m = new KafkaStreamsMetrics(streams, tags);
        m.bindTo(registry);
        binders.add(m);
    }

    PrometheusMeterRegistry registry() {
        return registry;
    }

    URI uri() {
        return endpoint.uri();
    }

    @Override
    public void close() {
        if (endpoint != null) {
            endpoint.close();
        }
        for (AutoCloseable b : binders) {
            try {
                b.close();
            } catch (Exception e) {
                LOG.debug("Closing a metrics binder failed: {}", e.toString());
            }
        }
        registry.close();
    }
}
