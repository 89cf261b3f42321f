package io.kafkamixnet.topology;

import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.keys.MixKeyFiles;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.Hop;
import io.kafkamixnet.packet.HopInstruction;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.InboxMessage;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.topology.serde.AvroSerde;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A small mix network for tests: keys of the previous, current and next epoch for the mixer under
 * test ("mix-a", in a key ring on disk as the mixer holds them) and a key for its next hop ("mix-b"), packets built with the real Sphinx, and a
 * TopologyTestDriver whose wall clock the test advances.
 */
final class MixFixture implements AutoCloseable {

    static final String MIXER = "mix-a";
    static final String NEXT = "mix-b";
    static final String INGRESS = "mix-a.in";
    static final String NEXT_TOPIC = "mix-b.in";
    static final String SERVICE = "survey";
    static final String EXIT_TOPIC = "exit.survey";
    static final String DEAD = "mix-a.dead";
    static final String INBOX = "mixnet.replies";
    /** 00:30 into an hour: the previous epoch is still in its 10-minute grace only before 00:10. */
    static final Instant START = Instant.parse("2026-03-01T10:30:00Z");

    static final EpochSchedule SCHEDULE = EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(10));
    static final long EPOCH = SCHEDULE.epochAt(START.toEpochMilli());

    final Geometry geometry = Geometry.defaults();
    final SecureRandom random = new SecureRandom();
    final Sphinx sphinx = new Sphinx(geometry, random);
    final MixPrivateKey key = MixPrivateKey.generate(EPOCH, random);
    final MixPrivateKey previousKey = MixPrivateKey.generate(EPOCH - 1, random);
    /** mix-a's key of the next epoch, announced ahead and accepted already. */
    final MixPrivateKey upcomingKey = MixPrivateKey.generate(EPOCH + 1, random);

    final MixPrivateKey nextKey = MixPrivateKey.generate(EPOCH, random);
    final AvroCodec<PacketEnvelope> envelopes = AvroCodec.of(PacketEnvelope.class);
    final MixerMetrics metrics = new MixerMetrics();
    final Path stateDir;
    MixerConfig config;
    io.kafkamixnet.topology.cover.MixerCover cover;
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> ingress;
    TestOutputTopic<byte[], ExitMessage> exits;
    TestOutputTopic<byte[], PacketEnvelope> nextHop;
    TestOutputTopic<byte[], DeadLetter> dead;
    TestOutputTopic<byte[], InboxMessage> inbox;

    MixFixture(Path stateDir) {
        this.stateDir = stateDir;
    }

    static MixerConfig.Builder forwardConfig(MixingStrategy strategy) {
        return MixerConfig.builder()
                .mixerId(MIXER)
                .role(MixerRole.FORWARD)
                .strategy(strategy)
                .ingressTopic(INGRESS)
                .deadLetterTopic(DEAD)
                .nextHop(NEXT, NEXT_TOPIC)
                .exitService(SERVICE, EXIT_TOPIC)
                .keyDirectory(Path.of("unused"))
                .epochSchedule(SCHEDULE);
    }

    MixFixture start(MixerConfig config) {
        return start(config, 1);
    }

    MixFixture start(MixerConfig config, int ingressPartitions) {
        return start(config, ingressPartitions, null);
    }

    /**
     * Starts the mixer with its defences ({@code config.defences()}) routed over {@code directory}; null
     * for a mixer without defences.
     */
    MixFixture start(MixerConfig config, int ingressPartitions, DirectorySnapshot directory) {
        this.config = config;
        EpochKeyRing keyring =
                ring(stateDir.resolve("epoch-keys"), config.epochSchedule(), previousKey, key, upcomingKey);
        cover = directory == null
                ? null
                : MixerTopology.cover(config, keyring, metrics, () -> directory, START.toEpochMilli());
        var topology = MixerTopology.build(
                config, keyring, PoolStoreKey.generate(random), metrics, () -> ingressPartitions, cover);
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, p, START);
        ingress = driver.createInputTopic(
                INGRESS, new ByteArraySerializer(), new ByteArraySerializer(), START, Duration.ZERO);
        exits = driver.createOutputTopic(
                EXIT_TOPIC, new ByteArrayDeserializer(), AvroSerde.exitMessage().deserializer());
        nextHop = driver.createOutputTopic(
                NEXT_TOPIC,
                new ByteArrayDeserializer(),
                AvroSerde.packetEnvelope().deserializer());
        dead = driver.createOutputTopic(
                DEAD, new ByteArrayDeserializer(), AvroSerde.deadLetter().deserializer());
        if (config.replyInboxTopic().isPresent()) {
            inbox = driver.createOutputTopic(
                    INBOX, new ByteArrayDeserializer(), AvroSerde.inboxMessage().deserializer());
        }
        return this;
    }

    /** A key ring on {@code dir} holding exactly {@code keys} (written owner-only), generating none. */
    static EpochKeyRing ring(Path dir, EpochSchedule schedule, MixPrivateKey... keys) {
        try {
            for (MixPrivateKey k : keys) {
                MixKeyFiles.write(dir, k);
            }
            return EpochKeyRing.open(dir, schedule, new SecureRandom(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long now() {
        return START.toEpochMilli() + elapsed;
    }

    private long elapsed;

    void advance(Duration d) {
        elapsed += d.toMillis();
        driver.advanceWallClockTime(d);
    }

    void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }

    /** A one-hop packet exiting at {@code service} with {@code payload}. */
    byte[] exitPacket(String service, byte[] payload, long delayMillis) {
        return sphinx.createForwardPacket(
                List.of(new Hop(key.publicKey(), HopInstruction.exit(service, delayMillis))), payload);
    }

    byte[] exitPacket(byte[] payload) {
        return exitPacket(SERVICE, payload, 0);
    }

    /** A packet relayed by mix-a to mix-b, which exits it. */
    byte[] relayPacket(byte[] payload) {
        return sphinx.createForwardPacket(
                List.of(
                        new Hop(key.publicKey(), HopInstruction.relay(NEXT, 0)),
                        new Hop(nextKey.publicKey(), HopInstruction.exit(SERVICE, 0))),
                payload);
    }

    byte[] envelope(long epoch, byte[] packet) {
        return envelopes.encode(PacketEnvelope.newBuilder()
                .setFormatVersion(1)
                .setEpoch(epoch)
                .setPacket(ByteBuffer.wrap(packet))
                .build());
    }

    byte[] envelope(byte[] packet) {
        return envelope(EPOCH, packet);
    }

    /** Pipes {@code packet} in an envelope of the current epoch. */
    void send(byte[] packet) {
        ingress.pipeInput(null, envelope(packet));
    }

    /** Sends n exit packets whose payloads are "p0".."p(n-1)" prefixed by {@code tag}. */
    List<String> sendExits(String tag, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = tag + i;
            send(exitPacket(id.getBytes(StandardCharsets.UTF_8)));
            ids.add(id);
        }
        return ids;
    }

    static String payload(ExitMessage m) {
        ByteBuffer b = m.getPayload().duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    static byte[] bytes(ByteBuffer b) {
        return AvroCodec.copyBytes(b);
    }

    @Override
    public void close() {
        if (driver != null) {
            driver.close();
        }
    }
}
