package io.kafkamixnet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.audit.ProducerVolume.Verdict;
import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.client.service.MixnetService;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client rate shaping measured by the auditor, before and after in one run: a real forward mixer and a real
 * response mixer on the embedded broker, a real service, and two clients that each sit idle, send a burst
 * of requests, and sit idle again — one with cover traffic only (cover in addition to requests, so its
 * volume rises in the burst), one with rate shaping (requests take the places of drop packets in a constant
 * Poisson schedule). The auditor reads the broker's log directory and tests each producer's volume on the
 * forward mixer's ingress topic: over windows against a Poisson process of its own mean (dispersion), and
 * inside the burst against outside (exact rate test, told the burst's times).
 *
 * <p>Generous on purpose, so a busy machine cannot make it flake: the unshaped client's forward rate is 4
 * times its idle rate for 20 s of 70 (2 drop packets/s, plus 6 requests/s in the burst; the shaped client's
 * 8 slots/s absorb the same 6 requests/s without a growing queue). Its rate test's p-value is asserted below
 * 10⁻⁸, its dispersion test's below 10⁻⁴ (a run with a 15 s burst of 5 requests/s under a load average of
 * 17 gave 6·10⁻¹⁵ and 10⁻⁷). The shaped client's rate in the burst is asserted consistent with its rate
 * outside at the audit's family-wise level of 10⁻³ (Bonferroni over every test of the audit): a false alarm
 * in at most 1 run in 1000 while the schedule keeps its rate, and a machine's stalls hit idle and burst
 * alike. Its dispersion p-value is asserted a million times the unshaped client's, not above the level: the
 * dispersion test also sees a machine too loaded to keep any schedule (below).
 */
@ExtendWith(KafkaClusterExtension.class)
class ShapingAuditIT {

    private static final String FORWARD = "fwd";
    private static final String RESPONSE = "resp";
    private static final double SHAPED_RATE = 8;
    private static final double COVER_RATE = 4; // half on the forward path: 2 drop packets/s
    private static final Duration IDLE = Duration.ofSeconds(25);
    private static final Duration BURST = Duration.ofSeconds(20);
    private static final int REQUESTS_PER_SECOND = 6;
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final double ALPHA = 1e-3;

    private final String prefix = "shaping-" + UUID.randomUUID().toString().substring(0, 8);
    private final EpochSchedule schedule = EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(10));

    @Test
    void theShapedClientsVolumeSaysNothingOfItsBurstTheUnshapedOnesDoes(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        Assumptions.assumeTrue(
                cluster.logDir().isPresent(),
                "needs the embedded broker's log directory: skipped in " + cluster.mode());
        Path logDir = cluster.logDir().orElseThrow();
        Map<String, MixerApplication> mixers = startMixers(cluster, work);
        List<AutoCloseable> open = new ArrayList<>();
        try {
            TrustPolicy trust = TrustPolicy.trustingHex(mixers.values().stream()
                    .map(m -> m.identity().orElseThrow())
                    .toList());
            open.add(MixnetService.builder()
                    .clientConfig(cluster.clientProperties())
                    .exitTopic(topic("exit.echo"))
                    .groupId(prefix + "-echo")
                    .directoryTopic(topic("directory"))
                    .trustPolicy(trust)
                    .handler(request -> request)
                    .build()
                    .start());

            // The shaped client first, and its producer id read from the log before the other client exists.
            MixnetClient shaped =
                    client(cluster, trust).rateShaping(SHAPED_RATE).build();
            open.add(shaped);
            long[] shapedPid = {-1};
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                shapedPid[0] = firstHopProducers(LogDirReader.read(logDir)).stream()
                        .findFirst()
                        .orElse(-1L);
                return shapedPid[0] >= 0;
            });
            MixnetClient unshaped =
                    client(cluster, trust).coverTraffic(COVER_RATE).build();
            open.add(unshaped);

            Instant from = Instant.now();
            Thread.sleep(IDLE.toMillis());
            Instant burstFrom = Instant.now();
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            long requests = BURST.toSeconds() * REQUESTS_PER_SECOND;
            for (int i = 0; i < requests; i++) {
                byte[] r = ("request " + i).getBytes(StandardCharsets.UTF_8);
                replies.add(shaped.request("echo", r));
                replies.add(unshaped.request("echo", r));
                // Paced by the clock, not by the loop: packing time does not stretch the burst.
                long due = burstFrom.toEpochMilli() + (i + 1) * 1000L / REQUESTS_PER_SECOND;
                Thread.sleep(Math.max(0, due - System.currentTimeMillis()));
            }
            Instant burstTo = Instant.now();
            Thread.sleep(IDLE.toMillis());
            Instant to = Instant.now();
            for (CompletableFuture<byte[]> reply : replies) {
                assertThat(reply.get(60, TimeUnit.SECONDS)).startsWith("request ".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(shaped.stats().repliesCompleted()).isEqualTo(requests);
            assertThat(unshaped.stats().repliesCompleted()).isEqualTo(requests);

            ActivityPeriod burst = new ActivityPeriod(burstFrom, burstTo);
            VolumeSettings settings = new VolumeSettings(WINDOW, List.of(burst), ALPHA);
            TopicLogs logs = LogDirReader.read(logDir);
            AuditReport report = Auditor.audit(logs, logDir.toString(), topic("directory"), from, to, settings);
            List<ProducerVolume> forward = report.volumes().series().stream()
                    .filter(v -> v.topic().equals(topic(FORWARD + ".in")))
                    .toList();
            assertThat(forward).as("two clients write to the forward mixer").hasSize(2);
            ProducerVolume shapedVolume = forward.stream()
                    .filter(v -> v.producerId() == shapedPid[0])
                    .findFirst()
                    .orElseThrow();
            ProducerVolume unshapedVolume = forward.stream()
                    .filter(v -> v.producerId() != shapedPid[0])
                    .findFirst()
                    .orElseThrow();

            StringWriter text = new StringWriter();
            TextReport.print(report, new PrintWriter(text));
            System.out.println("ShapingAuditIT: burst " + burst + ", windows of " + WINDOW.toSeconds() + " s");
            System.out.println(volumeSection(text.toString()));
            System.out.printf(
                    "ShapingAuditIT: shaped producer %d counts %s%nShapingAuditIT: unshaped producer %d counts %s%n",
                    shapedVolume.producerId(),
                    shapedVolume.counts(),
                    unshapedVolume.producerId(),
                    unshapedVolume.counts());

            // Without shaping: the burst is in the volume, by both tests, far beyond chance.
            assertThat(unshapedVolume.verdict()).isEqualTo(Verdict.VARIES);
            assertThat(unshapedVolume.dispersion().pValue()).isLessThan(1e-4);
            assertThat(unshapedVolume.activity().pValue()).isLessThan(1e-8);
            assertThat(unshapedVolume.activity().rateRatio()).isGreaterThan(2);
            // With shaping: the same burst of requests, and the rate in the burst is the rate outside it.
            assertThat(shapedVolume.activity().verdict()).isEqualTo(Verdict.CONSTANT_RATE);
            assertThat(shapedVolume.dispersion().windows()).isGreaterThanOrEqualTo(25);
            // The dispersion test also sees the machine: under a load average near 60 the broker appended a
            // stalled producer's records in clumps (the service's replies reached an index of 38), and the
            // shaped series' p fell to 1e-4 once. Asserted relative to the unshaped client's, which the same
            // stalls only make smaller; on a quiet machine it is consistent with a constant rate (docs).
            assertThat(shapedVolume.dispersion().pValue())
                    .isGreaterThan(1e6 * unshapedVolume.dispersion().pValue());

            // The review says it in words, and the JSON and HTML reports carry the series.
            assertThat(report.findings())
                    .anyMatch(f -> f.severity() == Finding.Severity.WARN
                            && f.area().equals("volume")
                            && f.subject()
                                    .equals("producer " + unshapedVolume.producerId() + " → "
                                            + topic(FORWARD + ".in")));
            StringWriter json = new StringWriter();
            JsonReport.write(report, json);
            JsonNode series =
                    new ObjectMapper().readTree(json.toString()).path("volumes").path("series");
            assertThat(series.findValuesAsText("topic")).contains(topic(FORWARD + ".in"));
            StringWriter html = new StringWriter();
            HtmlReport.write(report, html);
            assertThat(html.toString())
                    .contains("Per-producer volume over time")
                    .contains("alt=\"Packets per window");
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
            mixers.values().forEach(MixerApplication::close);
        }
    }

    private static String volumeSection(String text) {
        int start = text.indexOf("Per-producer volume over time");
        int end = text.indexOf("Metadata review");
        return start < 0 || end < start ? text : text.substring(start, end);
    }

    /** Producer ids of first-hop records on the forward mixer's ingress topic, in order of their first record. */
    private List<Long> firstHopProducers(TopicLogs logs) {
        Map<Long, Long> first = new LinkedHashMap<>();
        for (LoggedRecord r : logs.records(topic(FORWARD + ".in"))) {
            // Mixers write transactionally (and to this topic only from a peer); clients never do.
            if (r.producerId() >= 0 && !r.transactional()) {
                first.merge(r.producerId(), r.timestamp(), Math::min);
            }
        }
        return first.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .toList();
    }

    private MixnetClient.Builder client(KafkaCluster cluster, TrustPolicy trust) {
        return MixnetClient.builder()
                .clientConfig(cluster.clientProperties())
                .directoryTopic(topic("directory"))
                .trustPolicy(trust)
                .replyInboxTopic(topic("replies"))
                .forwardHops(1)
                .replyHops(1)
                .hopDelay(DelayDistribution.zero())
                .epochSchedule(schedule)
                .requestTimeout(Duration.ofMinutes(2));
    }

    private Map<String, MixerApplication> startMixers(KafkaCluster cluster, Path work) throws Exception {
        SecureRandom random = new SecureRandom();
        long epoch = schedule.epochAt(System.currentTimeMillis());
        Map<String, String> properties = new HashMap<>();
        cluster.clientProperties().forEach((k, v) -> properties.put(k, String.valueOf(v)));
        String bootstrap = properties.remove("bootstrap.servers");
        ClientSettings settings = ClientSettings.of(bootstrap, properties);
        Map<String, MixerApplication> mixers = new LinkedHashMap<>();
        for (String id : List.of(FORWARD, RESPONSE)) {
            MixerKeys.provision(work.resolve("keys").resolve(id), epoch, 2, random);
            Map<String, String> c = new LinkedHashMap<>();
            c.put("mixer.id", id);
            c.put("mixer.application-id", prefix + "-" + id);
            c.put("strategy", "timed");
            c.put("strategy.interval", "200ms");
            c.put("topic.ingress", topic(id + ".in"));
            c.put("keys.dir", work.resolve("keys").resolve(id).toString());
            c.put("epoch.length", "1h");
            c.put("epoch.grace", "10m");
            c.put("directory.topic", topic("directory"));
            c.put("state.dir", work.resolve("state").resolve(id).toString());
            c.put("topics.provision", "all");
            c.put("topics.replication-factor", "-1");
            c.put("kafka.commit.interval.ms", "100");
            if (id.equals(FORWARD)) {
                c.put("mixer.role", "forward");
                c.put("exit.echo", topic("exit.echo"));
            } else {
                c.put("mixer.role", "response");
                c.put("topic.reply-inbox", topic("replies"));
            }
            mixers.put(id, MixerApplication.create(MixerConfig.fromMap(c, work), settings));
        }
        try {
            mixers.values().forEach(MixerApplication::start);
            for (MixerApplication m : mixers.values()) {
                assertThat(m.awaitRunning(Duration.ofSeconds(120))).isTrue();
            }
        } catch (RuntimeException | AssertionError e) {
            mixers.values().forEach(MixerApplication::close);
            throw e;
        }
        return mixers;
    }

    private String topic(String name) {
        return prefix + "." + name;
    }
}
