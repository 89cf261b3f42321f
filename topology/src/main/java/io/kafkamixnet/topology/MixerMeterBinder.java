package io.kafkamixnet.topology;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Exports a mixer's own counters ({@link MixerMetrics}, its descriptor publishing) to a Micrometer
 * registry. Counters and gauges read {@link MixerMetrics} when scraped (nothing is counted twice);
 * the two distributions, batch size and hold time, are fed by a {@link MixerMetrics.ReleaseObserver}.
 *
 * <p>Every meter carries the tags {@code mixer} (the mixer id) and {@code role} ({@code forward},
 * {@code response}); rejections also {@code reason} (a {@link RejectionReason} name). No other tag:
 * never anything per packet, per client or per request. The names in Prometheus form (docs/operations.md,
 * "Metrics", says what each means):
 *
 * <pre>
 * mixnet_mixer_packets_accepted_total          counter    packets that entered the pool
 * mixnet_mixer_packets_released_total          counter    packets that left it (drops included)
 * mixnet_mixer_packets_dropped_total           counter    released Drop packets (cover traffic), not forwarded
 * mixnet_mixer_packets_rejected_total{reason}  counter    ingress records refused, by reason
 * mixnet_mixer_pool_held                       gauge      packets held now
 * mixnet_mixer_batch_size                      histogram  packets per released batch
 * mixnet_mixer_hold_time_seconds               histogram  time each released packet spent in the pool
 * mixnet_mixer_dummies_sent_total              counter    dummy packets generated (dummy.min-batch, dummy.rate)
 * mixnet_mixer_cover_not_built_total           counter    dummies or loops wanted but not built (no route, rate budget)
 * mixnet_mixer_loops_sent_total                counter    heartbeat loop packets sent (heartbeat.rate)
 * mixnet_mixer_loops_returned_total            counter    loop packets that came back
 * mixnet_mixer_response_loops_sent_total       counter    response-path loops sent (heartbeat.paths=...,response)
 * mixnet_mixer_response_loops_returned_total   counter    response-path loops that came back
 * mixnet_mixer_heartbeat_alarm                 gauge      1 while the heartbeat alarm is raised (any path), else 0
 * mixnet_mixer_heartbeat_alarms_total          counter    times the alarm was raised
 * mixnet_mixer_releases_held_total             counter    releases the heartbeat held back
 * mixnet_mixer_descriptors_published_total     counter    signed descriptors written to the directory
 * mixnet_mixer_descriptor_publish_failures_total counter  attempts that failed
 * mixnet_mixer_descriptor_last_published_seconds gauge    Unix time of the last descriptor published
 * mixnet_mixer_ingress_partitions              gauge      partitions of the ingress topic
 * </pre>
 */
public final class MixerMeterBinder implements MeterBinder {

    /** Batch size buckets (packets): from a lone packet to the largest pools. */
    static final double[] BATCH_SIZE_BUCKETS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000};
    /** Hold time buckets: from a threshold mix's milliseconds to a continuous mix's minutes. */
    static final Duration[] HOLD_TIME_BUCKETS = {
        Duration.ofMillis(10),
        Duration.ofMillis(50),
        Duration.ofMillis(100),
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5),
        Duration.ofMinutes(15)
    };

    private final MixerMetrics metrics;
    private final DescriptorAnnouncer announcer;
    private final PartitionCountRefresher ingressPartitions;
    private final Tags tags;

    /** {@code announcer} is null when the mixer publishes no descriptor. */
    MixerMeterBinder(
            MixerConfig config,
            MixerMetrics metrics,
            DescriptorAnnouncer announcer,
            PartitionCountRefresher ingressPartitions) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.announcer = announcer;
        this.ingressPartitions = Objects.requireNonNull(ingressPartitions, "ingressPartitions");
        this.tags =
                Tags.of("mixer", config.mixerId(), "role", config.role().name().toLowerCase(Locale.ROOT));
    }

    /** The tags every meter of this mixer carries: {@code mixer} and {@code role}. */
    public Tags tags() {
        return tags;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        counter(
                registry,
                "mixnet.mixer.packets.accepted",
                "Packets that passed every check and entered the pool",
                m -> m.acceptedCount());
        counter(
                registry,
                "mixnet.mixer.packets.released",
                "Packets that left the pool (Drop packets included)",
                m -> m.releasedCount());
        counter(
                registry,
                "mixnet.mixer.packets.dropped",
                "Released Drop packets (cover traffic): discarded, not forwarded",
                m -> m.droppedCount());
        for (RejectionReason reason : RejectionReason.values()) {
            FunctionCounter.builder("mixnet.mixer.packets.rejected", metrics, m -> m.rejectionCount(reason))
                    .description("Ingress records refused and dead-lettered, by reason")
                    .tags(tags)
                    .tag("reason", reason.name())
                    .register(registry);
        }
        Gauge.builder("mixnet.mixer.pool.held", metrics, m -> m.heldCount())
                .description("Packets held in the pool now, over all stream tasks of this instance")
                .tags(tags)
                .register(registry);
        counter(
                registry,
                "mixnet.mixer.dummies.sent",
                "Dummy packets this mixer built and wrote (top-ups of thin flushes and idle ones)",
                m -> m.dummiesSentCount());
        counter(
                registry,
                "mixnet.mixer.cover.not.built",
                "Dummies or loops wanted but not built: no route in the directory, or over dummy.max-rate",
                m -> m.coverNotBuiltCount());
        counter(
                registry,
                "mixnet.mixer.loops.sent",
                "Heartbeat loop packets this mixer sent through the network to itself",
                m -> m.loopsSentCount());
        counter(
                registry,
                "mixnet.mixer.loops.returned",
                "Loop packets that came back to this mixer",
                m -> m.loopsReturnedCount());
        counter(
                registry,
                "mixnet.mixer.response.loops.sent",
                "Response-path loops (reply blocks through response mixers) this mixer sent; part of loops sent",
                m -> m.responseLoopsSentCount());
        counter(
                registry,
                "mixnet.mixer.response.loops.returned",
                "Response-path loops that came back; part of loops returned",
                m -> m.responseLoopsReturnedCount());
        Gauge.builder("mixnet.mixer.heartbeat.alarm", metrics, m -> m.heartbeatAlarm() ? 1 : 0)
                .description("1 while the heartbeat alarm is raised (too few loops came back: a possible n-1 attack)")
                .tags(tags)
                .register(registry);
        counter(
                registry,
                "mixnet.mixer.heartbeat.alarms",
                "Times the heartbeat alarm was raised",
                m -> m.heartbeatAlarmsRaised());
        counter(
                registry,
                "mixnet.mixer.releases.held",
                "Releases the strategy chose that the heartbeat held back (alarm with hold, or too few loops back)",
                m -> m.releasesHeldCount());
        Gauge.builder("mixnet.mixer.ingress.partitions", ingressPartitions, p -> p.get())
                .description("Partitions of the ingress topic as last described")
                .tags(tags)
                .register(registry);
        bindDescriptors(registry);
        bindDistributions(registry);
    }

    private void counter(
            MeterRegistry registry,
            String name,
            String description,
            java.util.function.ToDoubleFunction<MixerMetrics> f) {
        FunctionCounter.builder(name, metrics, f)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private void bindDescriptors(MeterRegistry registry) {
        DescriptorAnnouncer a = announcer;
        FunctionCounter.builder("mixnet.mixer.descriptors.published", metrics, m -> a == null ? 0 : a.publishedCount())
                .description("Signed descriptors published to the directory topic")
                .tags(tags)
                .register(registry);
        FunctionCounter.builder(
                        "mixnet.mixer.descriptor.publish.failures", metrics, m -> a == null ? 0 : a.failureCount())
                .description("Descriptor publications that failed (retried; see the mixer log)")
                .tags(tags)
                .register(registry);
        TimeGauge.builder(
                        "mixnet.mixer.descriptor.last.published",
                        metrics,
                        TimeUnit.MILLISECONDS,
                        m -> a == null
                                ? Double.NaN
                                : a.lastDescriptor()
                                        .map(d -> (double) d.publishedAtMillis())
                                        .orElse(Double.NaN))
                .description("Unix time of the last descriptor published (NaN before the first)")
                .tags(tags)
                .register(registry);
    }

    private void bindDistributions(MeterRegistry registry) {
        DistributionSummary batchSize = DistributionSummary.builder("mixnet.mixer.batch.size")
                .description("Packets per released batch (one flush of one stream task)")
                .tags(tags)
                .serviceLevelObjectives(BATCH_SIZE_BUCKETS)
                .register(registry);
        Timer holdTime = Timer.builder("mixnet.mixer.hold.time")
                .description("Time each released packet spent in the pool, from intake to release")
                .tags(tags)
                .serviceLevelObjectives(HOLD_TIME_BUCKETS)
                .register(registry);
        metrics.observeReleases(new MixerMetrics.ReleaseObserver() {
            @Override
            public void batchReleased(int size) {
                batchSize.record(size);
            }

            @Override
            public void packetHeld(long millis) {
                holdTime.record(millis, TimeUnit.MILLISECONDS);
            }
        });
    }
}
