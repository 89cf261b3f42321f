package io.kafkamixnet.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.testkit.KafkaClusterExtension;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An observer who can read every topic of the network — packet topics, the directory, dead letters
 * and every internal topic of the mixers, aborted transactions included — finds nothing of a
 * client's identity or of the bytes it sent anywhere after the first hop.
 */
@ExtendWith(KafkaClusterExtension.class)
class ObserverIT {

    private static final AvroCodec<PacketEnvelope> ENVELOPES = AvroCodec.of(PacketEnvelope.class);
    private static final AvroCodec<ExitMessage> EXITS = AvroCodec.of(ExitMessage.class);
    private static final int WINDOW = 32;

    private record Seen(String topic, ConsumerRecord<byte[], byte[]> record) {}

    @Test
    void noClientIdentifierOrClientBytesAppearAfterTheFirstHop(KafkaCluster cluster, @TempDir Path work)
            throws Exception {
        CapturingInterceptor.PRODUCED.clear();
        String clientId = "observed-client-" + UUID.randomUUID();
        DemoSettings settings = DemoSettings.defaults(DemoStrategy.TIMED)
                .withTraffic(3, 6)
                .withMeanRequestInterval(Duration.ofMillis(200))
                .withCover(3);
        String prefix;
        String exitTopic;
        Set<String> forwardIngress = new HashSet<>();
        try (DemoNetwork network = DemoNetwork.start(
                ClientSettings.of(cluster.bootstrapServers(), EndToEndIT.strings(cluster)),
                settings,
                work,
                step -> {},
                Map.of("client.id", clientId, "interceptor.classes", CapturingInterceptor.class.getName()))) {
            DemoOutcome outcome = new DemoTraffic(network).run(p -> {});
            assertThat(outcome.succeeded()).isTrue();
            prefix = network.namePrefix();
            exitTopic = network.exitTopic();
            DemoNetwork.FORWARD_MIXERS.forEach(id -> forwardIngress.add(network.ingressTopic(id)));
        }

        // What the clients put on the wire: one envelope per request or cover packet, on forward ingress
        // topics (requests, forward cover) and on the response mixer's ingress (reply-path cover).
        Set<ByteBuffer> clientRecords = new HashSet<>();
        Set<ByteBuffer> clientWindows = new HashSet<>();
        CapturingInterceptor.PRODUCED.forEach((topic, values) -> {
            for (byte[] v : values) {
                clientRecords.add(ByteBuffer.wrap(v));
                byte[] packet = ENVELOPES.decode(v).getPacket().array();
                for (int i = 0; i + WINDOW <= packet.length; i += WINDOW) {
                    clientWindows.add(ByteBuffer.wrap(packet, i, WINDOW).slice());
                }
            }
        });
        assertThat(clientRecords).hasSizeGreaterThan(18);

        List<Seen> everything = readEveryTopic(cluster, prefix);
        assertThat(everything).extracting(Seen::topic).contains(exitTopic).anyMatch(t -> t.contains("changelog"));

        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        int clientRecordsSeen = 0;
        for (Seen s : everything) {
            ConsumerRecord<byte[], byte[]> r = s.record();
            for (byte[] part : parts(r)) {
                assertThat(indexOf(part, id)).as("client id in %s", s.topic()).isEqualTo(-1);
            }
            if (r.value() != null && clientRecords.contains(ByteBuffer.wrap(r.value()))) {
                clientRecordsSeen++; // the first hop's input itself: the only place a client's bytes may be
                continue;
            }
            if (r.value() != null) {
                assertThat(sharedWindow(r.value(), clientWindows))
                        .as("bytes a client sent reappear in %s", s.topic())
                        .isFalse();
            }
        }
        assertThat(clientRecordsSeen).isEqualTo(clientRecords.size());

        // Exit messages: a payload and nothing else; no key, no headers.
        List<Seen> exits =
                everything.stream().filter(s -> s.topic().equals(exitTopic)).toList();
        assertThat(exits).hasSize(18);
        for (Seen s : exits) {
            assertThat(s.record().key()).isNull();
            assertThat(s.record().headers().toArray()).isEmpty();
            ExitMessage m = EXITS.decode(s.record().value());
            assertThat(m.getReplyBlock()).isNull();
            assertThat(m.getSchema().getFields())
                    .extracting(f -> f.name())
                    .containsExactly("epoch", "payload", "replyBlock");
        }
        // Records a mixer produced carry no headers, and no key on packet topics.
        for (Seen s : everything) {
            if (!s.topic().endsWith(".directory") && !s.topic().contains("changelog")) {
                assertThat(s.record().headers().toArray())
                        .as("headers in %s", s.topic())
                        .isEmpty();
                assertThat(s.record().key()).as("key in %s", s.topic()).isNull();
            }
        }
        assertThat(forwardIngress)
                .allMatch(t -> everything.stream().anyMatch(s -> s.topic().equals(t)));
    }

    private static List<Seen> readEveryTopic(KafkaCluster cluster, String prefix) throws Exception {
        Set<String> topics;
        try (Admin admin = Admin.create(cluster.clientProperties())) {
            topics = new HashSet<>(admin.listTopics().names().get());
        }
        topics.removeIf(t -> !t.startsWith(prefix));
        Map<String, Object> config = new HashMap<>(cluster.clientProperties());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // aborted writes too
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Seen> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String t : topics) {
                for (PartitionInfo p : consumer.partitionsFor(t)) {
                    partitions.add(new TopicPartition(t, p.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            // Every record up to the end offsets, or the test fails: an observer that saw less proves nothing.
            await().atMost(Duration.ofSeconds(120))
                    .pollInSameThread()
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                            seen.add(new Seen(r.topic(), r));
                        }
                        return partitions.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
                    });
        }
        return seen;
    }

    private static List<byte[]> parts(ConsumerRecord<byte[], byte[]> r) {
        List<byte[]> parts = new ArrayList<>();
        if (r.key() != null) {
            parts.add(r.key());
        }
        if (r.value() != null) {
            parts.add(r.value());
        }
        for (Header h : r.headers()) {
            parts.add(h.key().getBytes(StandardCharsets.UTF_8));
            if (h.value() != null) {
                parts.add(h.value());
            }
        }
        return parts;
    }

    private static boolean sharedWindow(byte[] value, Set<ByteBuffer> windows) {
        for (int i = 0; i + WINDOW <= value.length; i++) {
            if (windows.contains(ByteBuffer.wrap(value, i, WINDOW).slice())) {
                return true;
            }
        }
        return false;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
