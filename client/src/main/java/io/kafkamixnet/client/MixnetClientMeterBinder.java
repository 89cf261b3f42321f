package io.kafkamixnet.client;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Exports a {@link MixnetClient}'s {@link MixnetClientStats} to an application's Micrometer registry:
 * {@code new MixnetClientMeterBinder(client).bindTo(registry)}. Each meter reads
 * {@link MixnetClient#stats()} when scraped; nothing is counted twice. As everywhere in Micrometer, the
 * meters hold the client weakly: they read NaN once the application no longer holds it. Aggregates only: the meters carry
 * the tags the application gives and nothing per request, per route or per reply. Names in Prometheus form:
 *
 * <pre>
 * mixnet_client_requests_sent_total               requests whose packets were handed to the producer
 * mixnet_client_packets_sent_total                forward packets the broker acknowledged
 * mixnet_client_replies_completed_total           requests completed with their whole reply
 * mixnet_client_service_errors_total              requests the service answered with an error
 * mixnet_client_requests_timed_out_total          requests failed at their deadline
 * mixnet_client_requests_failed_total             requests failed otherwise (no route, produce error, ...)
 * mixnet_client_directory_failures_total          of those, failed because the directory gave no route
 * mixnet_client_inbox_records_total               records read from the shared reply inbox
 * mixnet_client_inbox_replies_not_ours_total      inbox records for other clients (normal on a shared inbox)
 * mixnet_client_inbox_replies_expired_total       late or duplicate replies for this client, ignored
 * mixnet_client_inbox_replies_rejected_total      reply packets that failed their integrity check
 * mixnet_client_inbox_records_undecodable_total   inbox records that were no InboxMessage
 * mixnet_client_cover_packets_sent_total          drop packets of cover traffic sent
 * mixnet_client_requests_pending                  requests waiting for their reply now (gauge)
 * </pre>
 */
public final class MixnetClientMeterBinder implements MeterBinder {

    private final MixnetClient client;
    private final Tags tags;

    public MixnetClientMeterBinder(MixnetClient client) {
        this(client, Tags.empty());
    }

    /** With {@code tags} on every meter, e.g. the application's name; never a per-request value. */
    public MixnetClientMeterBinder(MixnetClient client, Iterable<Tag> tags) {
        this.client = Objects.requireNonNull(client, "client");
        this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        stat(registry, "requests.sent", "Requests whose packets were handed to the producer", s -> s.requestsSent());
        stat(registry, "packets.sent", "Forward packets the broker acknowledged", s -> s.packetsSent());
        stat(registry, "replies.completed", "Requests completed with their whole reply", s -> s.repliesCompleted());
        stat(registry, "service.errors", "Requests the service answered with an error", s -> s.serviceErrors());
        stat(registry, "requests.timed.out", "Requests failed at their deadline", s -> s.requestsTimedOut());
        stat(
                registry,
                "requests.failed",
                "Requests failed otherwise: no route, produce error, bad reply, close",
                s -> s.requestsFailed());
        stat(
                registry,
                "directory.failures",
                "Requests failed before sending because the directory gave no route",
                s -> s.directoryFailures());
        stat(registry, "inbox.records", "Records read from the shared reply inbox", s -> s.inboxRecords());
        stat(
                registry,
                "inbox.replies.not.ours",
                "Inbox records for SURBs of other clients (normal on a shared inbox)",
                s -> s.repliesNotOurs());
        stat(
                registry,
                "inbox.replies.expired",
                "Late or duplicate replies for SURBs of this client, ignored",
                s -> s.repliesForExpiredSurbs());
        stat(
                registry,
                "inbox.replies.rejected",
                "Reply packets that failed their integrity check or carried a bad frame",
                s -> s.repliesRejected());
        stat(
                registry,
                "inbox.records.undecodable",
                "Inbox records that were not an InboxMessage",
                s -> s.undecodableInboxRecords());
        FunctionCounter.builder("mixnet.client.cover.packets.sent", client, c -> c.coverPacketsSent())
                .description("Drop packets of cover traffic sent")
                .tags(tags)
                .register(registry);
        Gauge.builder("mixnet.client.requests.pending", client, c -> c.stats().pendingRequests())
                .description("Requests waiting for their reply now")
                .tags(tags)
                .register(registry);
    }

    private void stat(MeterRegistry registry, String name, String description, ToDoubleFunction<MixnetClientStats> f) {
        FunctionCounter.builder("mixnet.client." + name, client, c -> f.applyAsDouble(c.stats()))
                .description(description)
                .tags(tags)
                .register(registry);
    }
}
