package io.kafkamixnet.client.service;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Exports a service's {@link ServiceStats} to an application's Micrometer registry:
 * {@code new ServiceMeterBinder(service, Tags.of("service", "echo")).bindTo(registry)}. Each meter
 * reads the stats when scraped; nothing is counted twice. As everywhere in Micrometer, the meters hold
 * the service weakly: they read NaN once the application no longer holds it. Aggregates only: the meters carry the tags
 * the application gives and nothing per request or per client. Names in Prometheus form:
 *
 * <pre>
 * mixnet_service_fragments_total            exit messages accepted
 * mixnet_service_requests_total             whole requests handed to the handler
 * mixnet_service_replied_total              requests answered with their reply
 * mixnet_service_error_replies_total        requests answered with an error (failure, refusal, too large)
 * mixnet_service_handler_failures_total     handler invocations that threw (refusals excepted)
 * mixnet_service_malformed_total            exit messages that were no valid request fragment
 * mixnet_service_duplicates_total           fragments received twice
 * mixnet_service_expired_total              incomplete requests dropped at the reassembly timeout
 * mixnet_service_evicted_total              incomplete requests dropped for the memory bound
 * mixnet_service_no_reply_route_total       requests whose SURB named no response mixer of the directory
 * mixnet_service_reply_packets_sent_total   reply packets acknowledged by the broker
 * mixnet_service_requests_pending           incomplete requests held now (gauge)
 * mixnet_service_buffered_bytes             fragment bytes held now (gauge)
 * </pre>
 */
public final class ServiceMeterBinder implements MeterBinder {

    private final Object target;
    private final Supplier<ServiceStats> stats;
    private final Tags tags;

    /** The meters of {@code service}, with {@code tags} (e.g. {@code service=echo}; never a per-request value). */
    public ServiceMeterBinder(MixnetService service, Iterable<Tag> tags) {
        this(service, Objects.requireNonNull(service, "service")::stats, tags);
    }

    /** The meters of {@code responder} (a service built on the library piece), with {@code tags}. */
    public ServiceMeterBinder(MixnetServiceResponder responder, Iterable<Tag> tags) {
        this(responder, Objects.requireNonNull(responder, "responder")::stats, tags);
    }

    /** {@code target} is what the meters hold (weakly, as Micrometer does); {@code stats} reads its counters. */
    ServiceMeterBinder(Object target, Supplier<ServiceStats> stats, Iterable<Tag> tags) {
        this.target = Objects.requireNonNull(target, "target");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(registry, "fragments", "Exit messages accepted", s -> s.fragments());
        counter(registry, "requests", "Whole requests handed to the handler", s -> s.requests());
        counter(registry, "replied", "Requests answered with their reply", s -> s.replied());
        counter(
                registry,
                "error.replies",
                "Requests answered with an error (handler failure, refusal, reply too large)",
                s -> s.errorReplies());
        counter(
                registry,
                "handler.failures",
                "Handler invocations that threw (refusals excepted)",
                s -> s.handlerFailures());
        counter(registry, "malformed", "Exit messages that were no valid request fragment", s -> s.malformed());
        counter(registry, "duplicates", "Fragments received twice", s -> s.duplicates());
        counter(registry, "expired", "Incomplete requests dropped at the reassembly timeout", s -> s.expired());
        counter(registry, "evicted", "Incomplete requests dropped for the memory bound", s -> s.evicted());
        counter(
                registry,
                "no.reply.route",
                "Requests whose SURB named no response mixer of the directory",
                s -> s.noReplyRoute());
        counter(registry, "reply.packets.sent", "Reply packets acknowledged by the broker", s -> s.replyPacketsSent());
        Gauge.builder(
                        "mixnet.service.requests.pending",
                        target,
                        t -> stats.get().pendingRequests())
                .description("Incomplete requests held now")
                .tags(tags)
                .register(registry);
        Gauge.builder("mixnet.service.buffered.bytes", target, t -> stats.get().bufferedBytes())
                .description("Fragment bytes held now")
                .tags(tags)
                .register(registry);
    }

    private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<ServiceStats> f) {
        FunctionCounter.builder("mixnet.service." + name, target, t -> f.applyAsDouble(stats.get()))
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
