package io.kafkamixnet.faults.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.cli.demo.DemoNetwork;
import io.kafkamixnet.cli.demo.DemoSettings;
import io.kafkamixnet.cli.demo.DemoStrategy;
import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.client.MixnetClientStats;
import io.kafkamixnet.client.service.ServiceStats;
import io.kafkamixnet.faults.cluster.PacedRequests.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker lost mid-traffic from a three-broker cluster, the way production loses one: {@code kill -9}.
 *
 * <p>Three broker processes (KRaft, combined broker + controller), a mix network of two forward mixers,
 * a response mixer, an echo service and four clients whose every topic — packet topics, directory,
 * Kafka Streams changelogs — has three replicas with {@code min.insync.replicas=2}. Requests flow at a
 * steady pace; the broker leading the most partitions is killed, traffic goes on without it, then it is
 * restarted and traffic goes on again. Every request must be answered exactly once: none lost, none
 * delivered twice to the service, no reply twice to a client. It prints how long the network stood still.
 */
class BrokerKillFaultIT {

    private static final Duration PACE = Duration.ofMillis(250);
    private static final Duration WARM_UP = Duration.ofSeconds(20);
    private static final Duration DOWN = Duration.ofSeconds(30);
    private static final Duration AFTER_RESTART = Duration.ofSeconds(20);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void killingTheBusiestBrokerLosesAndDuplicatesNothing(@TempDir Path work) throws Exception {
        Path brokers = Files.createTempDirectory("mixnet-fault-brokers-");
        DemoSettings settings = DemoSettings.defaults(DemoStrategy.TIMED)
                .withTraffic(4, 1)
                .withCover(1)
                .withRequestTimeout(REQUEST_TIMEOUT)
                .withReplicationFactor((short) 3);
        Report report = new Report();
        try (BrokerProcessCluster cluster = BrokerProcessCluster.start(3, brokers, Duration.ofSeconds(120));
                Admin admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
                DemoNetwork network = DemoNetwork.start(
                        ClientSettings.of(cluster.bootstrapServers()), settings, work.resolve("network"), step -> {});
                PacedRequests traffic = new PacedRequests(network.clients(), DemoNetwork.SERVICE)) {
            report.line("Broker processes and logs: " + brokers);
            traffic.start(PACE);
            // Steady state first: at least WARM_UP, and the network answering (40 replies), however busy the machine.
            Thread.sleep(WARM_UP.toMillis());
            long warmUpDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (traffic.count(Result.MATCHED) < 40 && System.nanoTime() < warmUpDeadline) {
                Thread.sleep(500);
            }
            long steady = System.nanoTime() - Duration.ofSeconds(10).toNanos();

            PartitionLeadership before = PartitionLeadership.of(admin);
            // Every topic the network created, its changelogs and Kafka's internal topics, is on all three.
            assertThat(before.fewestReplicas())
                    .as("fewest replicas of any partition")
                    .isEqualTo(3);
            int victim = before.busiestLeader();
            report.line("Before the kill: " + before.partitions() + " partitions, leaders per node "
                    + before.leadersByNode() + ", active controller " + before.activeController());
            long killedAt = System.nanoTime();
            cluster.kill(victim);
            report.line("Killed node " + victim + " (kill -9): it led "
                    + before.leadersByNode().get(victim) + " partitions"
                    + (before.activeController() == victim ? " and was the active controller" : ""));

            Duration failover = awaitLeadership(
                    admin, l -> l.leaderless() == 0 && !l.leadersByNode().containsKey(victim), Duration.ofSeconds(90));
            report.line("Every partition led by a live broker " + secs(failover) + " after the kill");
            Thread.sleep(Math.max(
                    0,
                    DOWN.toMillis()
                            - Duration.ofNanos(System.nanoTime() - killedAt).toMillis()));

            long restartAt = System.nanoTime();
            cluster.restart(victim, Duration.ofSeconds(120));
            Duration rejoined = Duration.ofNanos(System.nanoTime() - restartAt);
            Duration inSync = awaitLeadership(admin, l -> l.underReplicated() == 0, Duration.ofSeconds(120));
            report.line("Restarted node " + victim + ": registered after " + secs(rejoined)
                    + ", every partition fully in sync " + secs(inSync) + " after the restart");
            Thread.sleep(AFTER_RESTART.toMillis());

            traffic.stopSending();
            traffic.awaitAll(REQUEST_TIMEOUT.plusSeconds(30));
            long end = System.nanoTime();

            List<PacedRequests.Request> requests = traffic.requests();
            long sent = requests.size();
            long matched = traffic.count(Result.MATCHED);
            long mismatched = traffic.count(Result.MISMATCHED);
            long failed = traffic.count(Result.FAILED);
            long pending = traffic.count(Result.PENDING);
            ServiceStats service = network.service().stats();
            long duplicateReplies = network.clients().stream()
                    .map(MixnetClient::stats)
                    .mapToLong(MixnetClientStats::repliesForExpiredSurbs)
                    .sum();
            Map<String, Map<String, Long>> rejections = new TreeMap<>();
            network.mixers().forEach((id, m) -> {
                Map<String, Long> r = new TreeMap<>();
                m.metrics().rejections().forEach((reason, n) -> {
                    if (n > 0) {
                        r.put(reason.name(), n);
                    }
                });
                rejections.put(id, r);
            });

            report.line("Requests sent " + sent + ", matched " + matched + ", mismatched " + mismatched + ", failed "
                    + failed + " " + traffic.failures() + ", pending " + pending);
            report.line("Service handled " + service.requests() + " requests (" + (service.requests() - matched)
                    + " more than answered), duplicate fragments " + service.duplicates()
                    + "; replies a client saw twice " + duplicateReplies + "; mixer rejections " + rejections);
            report.line("Longest time without a reply: " + secs(traffic.longestQuietGap(steady, killedAt))
                    + " in the 10 s before the kill, "
                    + secs(traffic.longestQuietGap(killedAt, end)) + " from the kill on");
            report.line("Latency of requests sent in the 10 s before the kill: "
                    + summary(traffic.latencies(steady, killedAt))
                    + "; sent in the 10 s after it: "
                    + summary(traffic.latencies(
                            killedAt, killedAt + Duration.ofSeconds(10).toNanos()))
                    + "; sent while it was down: " + summary(traffic.latencies(killedAt, restartAt))
                    + "; after the restart: " + summary(traffic.latencies(restartAt, end)));
            report.print();

            assertThat(pending).as("requests without an outcome").isZero();
            assertThat(failed)
                    .as("requests lost (failed or timed out): %s", traffic.failures())
                    .isZero();
            assertThat(mismatched)
                    .as("replies that did not match their request")
                    .isZero();
            assertThat(matched).as("requests answered").isEqualTo(sent);
            assertThat(service.requests())
                    .as("requests handed to the service (each exactly once)")
                    .isEqualTo(sent);
            assertThat(duplicateReplies).as("replies a client received twice").isZero();
        }
        // Kept for reading when the run failed; 30 MB of broker data and logs otherwise.
        deleteRecursively(brokers);
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    private static Duration awaitLeadership(Admin admin, Predicate<PartitionLeadership> condition, Duration timeout)
            throws Exception {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        PartitionLeadership last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = PartitionLeadership.of(admin);
                if (condition.test(last)) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (java.util.concurrent.ExecutionException e) {
                // the cluster is electing: ask again
            }
            Thread.sleep(200);
        }
        throw new AssertionError("cluster did not reach the expected leadership within " + timeout + ": " + last);
    }

    private static String secs(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String summary(List<Duration> sorted) {
        if (sorted.isEmpty()) {
            return "none";
        }
        return String.format(
                "n=%d p50 %d ms max %d ms",
                sorted.size(),
                sorted.get(sorted.size() / 2).toMillis(),
                sorted.get(sorted.size() - 1).toMillis());
    }

    /** The run's numbers, printed to the console (the test's output file) at the end. */
    private static final class Report {
        private final StringBuilder text = new StringBuilder("=== BrokerKillFaultIT ===\n");

        void line(String s) {
            text.append(s).append('\n');
            System.out.println("[fault] " + s); // as it happens, should a later step fail
        }

        void print() {
            System.out.print(text);
            System.out.flush();
        }
    }
}
