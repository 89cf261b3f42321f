package io.kafkamixnet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.client.service.MixnetService;
import io.kafkamixnet.client.service.RequestHandler;
import io.kafkamixnet.client.service.RequestRejectedException;
import io.kafkamixnet.client.testing.HarnessMixers;
import io.kafkamixnet.client.testing.TestMixers;
import io.kafkamixnet.directory.DirectoryPublisher;
import io.kafkamixnet.directory.DirectoryTopics;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client SDK and the service library end to end on a real broker with real Sphinx packets: the
 * client reads a signed directory from Kafka, builds packets and SURBs, produces to the first mixer;
 * {@link HarnessMixers} (a test harness, not the topology's mixers) peels each layer with the real
 * packet module and forwards as the mixer contract says; {@link MixnetService} answers on the exit
 * topic; the reply comes back through the response mixer to the shared inbox, where the client opens
 * it. Two forward hops and one response hop, as in the default configuration.
 */
@ExtendWith(KafkaClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientServiceLoopIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final MessageLimits LIMITS = MessageLimits.defaults();

    private final String prefix = "loop-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final String directoryTopic = prefix + "directory";
    private final String inboxTopic = prefix + "inbox";
    private final String echoExit = prefix + "exit-echo";
    private final String scaledExit = prefix + "exit-scaled";
    private final String scaledFragments = prefix + "fragments-scaled";

    private KafkaCluster cluster;
    private TestMixers mixers;
    private HarnessMixers harness;
    private TrustPolicy trust;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    /** Echoes, except "BIG:" (largest reply its SURBs carry), "FAIL" (handler error), "NO" (refusal). */
    private static final RequestHandler HANDLER = request -> {
        String text = new String(request, StandardCharsets.UTF_8);
        if (text.startsWith("BIG:")) {
            byte[] out = new byte[Integer.parseInt(text.substring(4))];
            Arrays.fill(out, (byte) 'x');
            return out;
        }
        if (text.equals("FAIL")) {
            throw new IllegalStateException("boom");
        }
        if (text.equals("NO")) {
            throw new RequestRejectedException("not allowed");
        }
        return request;
    };

    @BeforeAll
    void startNetwork(KafkaCluster cluster) throws Exception {
        this.cluster = cluster;
        mixers = TestMixers.create(
                io.kafkamixnet.directory.EpochSchedule.defaults(),
                io.kafkamixnet.directory.EpochSchedule.defaults().epochAt(System.currentTimeMillis()),
                3,
                1,
                prefix);
        List<TopicSpec> topics = new ArrayList<>();
        for (TestMixers.Mixer m : mixers.all()) {
            topics.add(TopicSpec.mixerIngress(m.ingressTopic(), 2));
        }
        topics.add(TopicSpec.exit(echoExit, 2));
        topics.add(TopicSpec.exit(scaledExit, 3));
        topics.add(TopicSpec.exit(scaledFragments, 3));
        topics.add(TopicSpec.replyInbox(inboxTopic, 2));
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            new TopicProvisioner(admin).ensure(topics);
            DirectoryTopics.ensure(admin, directoryTopic);
        }
        List<byte[]> identities = new ArrayList<>();
        try (DirectoryPublisher publisher = new DirectoryPublisher(cluster.clientProperties(), directoryTopic)) {
            for (TestMixers.Mixer m : mixers.all()) {
                publisher.publish(m.identity(), m.info());
                identities.add(m.identity().publicKey());
            }
        }
        trust = TrustPolicy.trusting(identities);
        harness = new HarnessMixers(
                cluster.clientProperties(), mixers, Map.of("echo", echoExit, "scaled", scaledExit), inboxTopic);
        MixnetService echo = MixnetService.builder()
                .clientConfig(cluster.clientProperties())
                .exitTopic(echoExit)
                .handler(HANDLER)
                .directoryTopic(directoryTopic)
                .trustPolicy(trust)
                .build()
                .start();
        toClose.add(echo);
    }

    @AfterAll
    void stopNetwork() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        harness.close();
        assertThat(harness.rejected()).isZero();
    }

    private MixnetClient.Builder clientBuilder() {
        return MixnetClient.builder()
                .clientConfig(cluster.clientProperties())
                .directoryTopic(directoryTopic)
                .trustPolicy(trust)
                .replyInboxTopic(inboxTopic);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    @Test
    void manyConcurrentRequestsEachGetTheirOwnReply() throws Exception {
        try (MixnetClient client = clientBuilder().build()) {
            List<byte[]> requests = new ArrayList<>();
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                byte[] r = random(1 + RANDOM.nextInt(2000));
                requests.add(r);
                replies.add(client.request("echo", r, r.length));
            }
            for (int i = 0; i < requests.size(); i++) {
                assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(requests.get(i));
            }
            MixnetClientStats stats = client.stats();
            assertThat(stats.repliesCompleted()).isEqualTo(30);
            assertThat(stats.pendingRequests()).isZero();
            assertThat(stats.repliesRejected()).isZero();
        }
    }

    @Test
    void loopCoverComesBackThroughTheResponseMixersAndIsRecognisedByTheClientAlone() throws Exception {
        try (MixnetClient client = clientBuilder()
                        .loopCoverTraffic(10)
                        .loopDetection(Duration.ofSeconds(2), Duration.ofSeconds(3))
                        .build();
                MixnetClient other = clientBuilder().build()) {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> client.stats().loopsReturned() >= 20);
            MixnetClientStats stats = client.stats();
            assertThat(stats.loopsSent()).isGreaterThanOrEqualTo(stats.loopsReturned());
            assertThat(stats.loopAlarm()).isFalse();
            assertThat(stats.repliesNotOurs())
                    .as("its own loops are not someone else's replies")
                    .isZero();
            // Another client on the same inbox sees the loops as replies it does not know.
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> other.stats().repliesNotOurs() > 0);
            assertThat(other.stats().loopsSent()).isZero();
        }
    }

    @Test
    void withRateShapingRequestsTakeTheSlotsOfCoverAndStillGetTheirReplies() throws Exception {
        try (MixnetClient client = clientBuilder().rateShaping(20).build()) {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> client.shapedCoverPacketsSent() >= 10); // idle: the schedule runs on cover
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 10; i++) { // a burst beyond one slot: the packets queue
                replies.add(client.request("echo", utf8("shaped " + i)));
            }
            for (int i = 0; i < 10; i++) {
                assertThat(replies.get(i).get(60, TimeUnit.SECONDS)).isEqualTo(utf8("shaped " + i));
            }
            assertThat(client.stats().packetsSent()).isEqualTo(10);
            assertThat(client.stats().repliesCompleted()).isEqualTo(10);
        }
    }

    @Test
    void theLargestRequestAndTheLargestReplyMakeTheRoundTrip() throws Exception {
        try (MixnetClient client = clientBuilder().build()) {
            byte[] largest = random(LIMITS.maxRequestBytes());
            assertThat(client.request("echo", largest).get(60, TimeUnit.SECONDS))
                    .isEqualTo(largest);

            byte[] bigReply = client.request("echo", utf8("BIG:" + LIMITS.maxReplyBytes()), LIMITS.maxReplyBytes())
                    .get(60, TimeUnit.SECONDS);
            assertThat(bigReply).hasSize(LIMITS.maxReplyBytes());
        }
    }

    @Test
    void oneByteOverTheLimitsIsAClearErrorBeforeAnythingIsSent() {
        try (MixnetClient client = clientBuilder().build()) {
            assertThatThrownBy(() -> client.request("echo", new byte[LIMITS.maxRequestBytes() + 1]))
                    .isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("over the limit of 13040 bytes");
            assertThatThrownBy(() -> client.request("echo", new byte[1], LIMITS.maxReplyBytes() + 1))
                    .isInstanceOf(MessageTooLargeException.class)
                    .hasMessageContaining("over the limit of 23360 bytes");
            assertThat(client.stats().requestsSent()).isZero();
        }
    }

    @Test
    void aMissingInboxTopicOrABadServiceNameIsAClearError() {
        assertThatThrownBy(() -> clientBuilder()
                        .replyInboxTopic(prefix + "no-such-inbox")
                        .startTimeout(Duration.ofSeconds(5))
                        .build())
                .isInstanceOf(MixnetException.class)
                .hasMessageContaining("does not exist");
        try (MixnetClient client = clientBuilder().build()) {
            assertThatThrownBy(() -> client.request("s".repeat(59), new byte[1]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1..58 UTF-8 bytes");
        }
    }

    @Test
    void aReplyLargerThanTheSurbsCarryComesBackAsAServiceError() {
        try (MixnetClient client = clientBuilder().build()) {
            // One fragment carries one SURB: 1460 reply bytes at most.
            CompletableFuture<byte[]> f = client.request("echo", utf8("BIG:1461"));
            assertThatThrownBy(() -> f.get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(ServiceErrorException.class)
                    .hasMessageContaining("reply of 1461 bytes");
            assertThat(client.stats().serviceErrors()).isEqualTo(1);
        }
    }

    @Test
    void handlerErrorsAndRefusalsReachTheClient() {
        try (MixnetClient client = clientBuilder().build()) {
            assertThatThrownBy(() -> client.request("echo", utf8("FAIL")).get(60, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(ServiceErrorException.class)
                    .hasMessageContaining("failed to handle")
                    .hasMessageNotContaining("boom");
            assertThatThrownBy(() -> client.request("echo", utf8("NO")).get(60, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(ServiceErrorException.class)
                    .hasMessageContaining("not allowed");
        }
    }

    @Test
    void noReplyMeansATimeoutAndTheSurbsAreDropped() {
        // The harness drops packets for a service it has no exit topic for: nobody will answer.
        try (MixnetClient client =
                clientBuilder().requestTimeout(Duration.ofSeconds(2)).build()) {
            long before = harness.unknownService();
            CompletableFuture<byte[]> f = client.request("nowhere", utf8("hello?"), 3000);
            assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(MixnetTimeoutException.class)
                    .hasMessageContaining("no complete reply before the deadline");
            assertThat(harness.unknownService()).isEqualTo(before + 3);
            assertThat(client.stats().requestsTimedOut()).isEqualTo(1);
            assertThat(client.stats().pendingRequests()).isZero();
        }
    }

    @Test
    void closeFailsPendingRequestsClearly() {
        MixnetClient client = clientBuilder().build();
        CompletableFuture<byte[]> f = client.request("nowhere", utf8("hello?"));
        client.close();
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(MixnetClosedException.class)
                .hasMessageContaining("closed before the reply arrived");
        assertThat(client.request("echo", utf8("x"))).isCompletedExceptionally();
        client.close(); // idempotent
    }

    @Test
    void clientsShareTheInboxAndIgnoreEachOthersReplies() throws Exception {
        try (MixnetClient alice = clientBuilder().build();
                MixnetClient bob = clientBuilder().build()) {
            byte[] a = utf8("from alice");
            assertThat(alice.request("echo", a).get(60, TimeUnit.SECONDS)).isEqualTo(a);
            // Bob read Alice's reply from the shared inbox and could not use it.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(bob.stats().repliesNotOurs()).isEqualTo(1));
            assertThat(bob.stats().repliesCompleted()).isZero();
            byte[] b = utf8("from bob");
            assertThat(bob.request("echo", b).get(60, TimeUnit.SECONDS)).isEqualTo(b);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(alice.stats().repliesNotOurs()).isEqualTo(1));
        }
    }

    @Test
    void aClientStartsReadingTheInboxAtItsEnd() throws Exception {
        try (MixnetClient first = clientBuilder().build()) {
            first.request("echo", utf8("earlier")).get(60, TimeUnit.SECONDS);
        }
        try (MixnetClient later = clientBuilder().build()) {
            byte[] r = utf8("now");
            assertThat(later.request("echo", r).get(60, TimeUnit.SECONDS)).isEqualTo(r);
            // Only its own reply: the earlier client's reply, already on the inbox, was never read.
            assertThat(later.stats().inboxRecords()).isEqualTo(1);
            assertThat(later.stats().repliesNotOurs()).isZero();
        }
    }

    @Test
    void aDirectoryThatCannotBeUsedFailsTheRequestAndIsCountedNeverThrown() throws Exception {
        java.util.concurrent.atomic.AtomicInteger call = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Supplier<io.kafkamixnet.directory.DirectorySnapshot> broken =
                () -> switch (call.getAndIncrement()) {
                    case 0 -> throw new IllegalStateException("the caller's directory reader broke");
                    case 1 -> null;
                    case 2 -> io.kafkamixnet.directory.DirectorySnapshot.empty();
                    default -> mixers.snapshot();
                };
        try (MixnetClient client = MixnetClient.builder()
                .clientConfig(cluster.clientProperties())
                .directory(broken)
                .replyInboxTopic(inboxTopic)
                .build()) {
            CompletableFuture<byte[]> throwing = client.request("echo", utf8("a"));
            CompletableFuture<byte[]> none = client.request("echo", utf8("b"));
            CompletableFuture<byte[]> empty = client.request("echo", utf8("c"));

            assertThatThrownBy(() -> throwing.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isExactlyInstanceOf(InvalidDirectoryException.class)
                    .hasMessageContaining("snapshot source failed")
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> none.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isExactlyInstanceOf(InvalidDirectoryException.class)
                    .hasMessageContaining("returned null");
            assertThatThrownBy(() -> empty.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isExactlyInstanceOf(NoRouteException.class);
            MixnetClientStats stats = client.stats();
            assertThat(stats.directoryFailures()).isEqualTo(3);
            assertThat(stats.requestsFailed()).isEqualTo(3);
            assertThat(stats.requestsSent()).isZero();
            assertThat(stats.pendingRequests()).isZero();

            // The same client works again once its directory does.
            assertThat(client.request("echo", utf8("d")).get(60, TimeUnit.SECONDS))
                    .isEqualTo(utf8("d"));
        }
    }

    @Test
    void theDirectoryClockToleranceDecidesWhetherFutureDatedDescriptorsAreUsed() throws Exception {
        String futureDirectory = prefix + "directory-future";
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            DirectoryTopics.ensure(admin, futureDirectory);
        }
        long twentyMinutesAhead =
                System.currentTimeMillis() + Duration.ofMinutes(20).toMillis();
        try (DirectoryPublisher publisher = new DirectoryPublisher(cluster.clientProperties(), futureDirectory)) {
            for (TestMixers.Mixer m : mixers.all()) {
                publisher.publish(
                        m.identity(),
                        m.info().toBuilder()
                                .publishedAtMillis(twentyMinutesAhead)
                                .build());
            }
        }
        MixnetClient.Builder builder = MixnetClient.builder()
                .clientConfig(cluster.clientProperties())
                .directoryTopic(futureDirectory)
                .trustPolicy(trust)
                .replyInboxTopic(inboxTopic);

        try (MixnetClient strict = builder.build()) { // default: 5 minutes
            assertThatThrownBy(() -> strict.request("echo", utf8("x")).get(10, TimeUnit.SECONDS))
                    .cause()
                    .isExactlyInstanceOf(NoRouteException.class);
        }
        try (MixnetClient tolerant =
                builder.directoryClockTolerance(Duration.ofMinutes(30)).build()) {
            assertThat(tolerant.request("echo", utf8("x")).get(60, TimeUnit.SECONDS))
                    .isEqualTo(utf8("x"));
        }
        assertThatThrownBy(() -> builder.directoryClockTolerance(Duration.ofMinutes(61)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT1H");
        assertThatThrownBy(() -> builder.directoryClockTolerance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Order(100) // last: a rebalance between its two instances may re-send replies (at-least-once), which
    // later tests would read from the shared inbox
    void twoServiceInstancesShareAnExitTopicThroughTheFragmentTopic() throws Exception {
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        MixnetService one = MixnetService.builder()
                .clientConfig(config)
                .exitTopic(scaledExit)
                .fragmentTopic(scaledFragments)
                .handler(HANDLER)
                .directoryTopic(directoryTopic)
                .trustPolicy(trust)
                .build()
                .start();
        MixnetService two = MixnetService.builder()
                .clientConfig(config)
                .exitTopic(scaledExit)
                .fragmentTopic(scaledFragments)
                .handler(HANDLER)
                .directoryTopic(directoryTopic)
                .trustPolicy(trust)
                .build()
                .start();
        toClose.add(one);
        toClose.add(two);
        try (MixnetClient client = clientBuilder().build()) {
            List<byte[]> requests = new ArrayList<>();
            List<CompletableFuture<byte[]>> replies = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] r = random(3 * LIMITS.requestBytesPerFragment() + RANDOM.nextInt(1000)); // 4 or 5 fragments
                requests.add(r);
                replies.add(client.request("scaled", r, r.length));
            }
            for (int i = 0; i < requests.size(); i++) {
                assertThat(replies.get(i).get(90, TimeUnit.SECONDS)).isEqualTo(requests.get(i));
            }
        }
        // Together the instances answered every request; a rebalance while they joined may have made one
        // answer a request the other had answered before committing (at-least-once), never fewer.
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(one.stats().replied() + two.stats().replied())
                                .isGreaterThanOrEqualTo(12));
        assertThat(one.stats().expired() + two.stats().expired()).isZero();
    }
}
