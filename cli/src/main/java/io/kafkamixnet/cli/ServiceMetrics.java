package io.kafkamixnet.cli;

import io.kafkamixnet.client.service.MixnetService;
import io.kafkamixnet.client.service.ServiceMeterBinder;
import io.kafkamixnet.topology.MetricsEndpoint;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * The opt-in metrics endpoint of {@code mixnet service --metrics-port}: the service's
 * {@link io.kafkamixnet.client.service.ServiceStats} ({@link ServiceMeterBinder}, tagged with the exit
 * topic it reads) and JVM metrics, in Prometheus format.
 */
final class ServiceMetrics implements AutoCloseable {

    private final PrometheusMeterRegistry registry;
    private final MetricsEndpoint endpoint;

    private ServiceMetrics(PrometheusMeterRegistry registry, MetricsEndpoint endpoint) {
        this.registry = registry;
        this.endpoint = endpoint;
    }

    static ServiceMetrics start(MixnetService service, String exitTopic, String bindAddress, int port) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ServiceMeterBinder(service, Tags.of("exit_topic", exitTopic)).bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        try {
            return new ServiceMetrics(registry, MetricsEndpoint.start(registry, bindAddress, port));
        } catch (IOException e) {
            registry.close();
            throw new UncheckedIOException(e.getMessage() + " (--metrics-bind-address, --metrics-port)", e);
        }
    }

    URI uri() {
        return endpoint.uri();
    }

    @Override
    public void close() {
        endpoint.close();
        registry.close();
    }
}
