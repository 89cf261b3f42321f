package io.kafkamixnet.client.testing;

import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.directory.MixerLinks;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.RoutingCommand;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.SurbId;
import io.kafkamixnet.packet.UnwrapResult;
import io.kafkamixnet.schemas.MixerRole;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Test fixture: real mixer keys and identities for one epoch, the directory snapshot that lists them,
 * and a walker that peels packets hop by hop with the real packet module, as mixers would.
 */
public final class TestMixers {

    /** One mixer of the fixture, with keys of the fixture's epoch and the next one. */
    public record Mixer(
            String id,
            MixerRole role,
            String ingressTopic,
            MixerIdentity identity,
            MixPrivateKey key,
            MixPrivateKey nextKey,
            MixerInfo info) {

        /** The private key of {@code epoch}, or null if this mixer has none. */
        public MixPrivateKey keyFor(long epoch) {
            return key.epoch() == epoch ? key : nextKey.epoch() == epoch ? nextKey : null;
        }
    }

    /** Where a forward packet left the network: the service it exits to and the plaintext payload. */
    public record Exit(String service, byte[] payload, List<String> path, List<Long> delays) {}

    /** Where a reply packet left the network: the SURB id and the delivered payload block. */
    public record Delivery(SurbId surbId, byte[] payload, List<String> path, List<Long> delays) {}

    public static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Mixer> mixers = new LinkedHashMap<>();
    private final EpochSchedule schedule;
    private final long epoch;

    private TestMixers(EpochSchedule schedule, long epoch) {
        this.schedule = schedule;
        this.epoch = epoch;
    }

    /** {@code forward} FORWARD mixers {@code <prefix>f0..} and {@code response} RESPONSE mixers {@code <prefix>r0..}. */
    public static TestMixers create(EpochSchedule schedule, long epoch, int forward, int response, String prefix) {
        TestMixers t = new TestMixers(schedule, epoch);
        for (int i = 0; i < forward; i++) {
            t.add(prefix + "f" + i, MixerRole.FORWARD, prefix + "ingress-f" + i);
        }
        for (int i = 0; i < response; i++) {
            t.add(prefix + "r" + i, MixerRole.RESPONSE, prefix + "ingress-r" + i);
        }
        return t;
    }

    /** The fixture for the epoch current now, with the default schedule. */
    public static TestMixers now(int forward, int response) {
        EpochSchedule s = EpochSchedule.defaults();
        return create(s, s.epochAt(System.currentTimeMillis()), forward, response, "");
    }

    public Mixer add(String id, MixerRole role, String ingress) {
        MixerIdentity identity = MixerIdentity.generate(RANDOM);
        MixPrivateKey key = MixPrivateKey.generate(epoch, RANDOM);
        MixPrivateKey next = MixPrivateKey.generate(epoch + 1, RANDOM);
        MixerInfo info = MixerInfo.builder()
                .mixerId(id)
                .role(role)
                .ingressTopic(ingress)
                .identity(identity)
                .epochKeys(List.of(
                        EpochPublicKey.of(key.publicKey(), schedule), EpochPublicKey.of(next.publicKey(), schedule)))
                .strategySummary("test")
                .publishedAtMillis(System.currentTimeMillis())
                .sequence(1)
                .build();
        Mixer m = new Mixer(id, role, ingress, identity, key, next, info);
        mixers.put(id, m);
        return m;
    }

    /** Makes mixer {@code id}'s descriptor announce {@code nextHops} and {@code exitServices}. */
    public Mixer announce(String id, List<String> nextHops, List<String> exitServices) {
        Mixer m = mixer(id);
        MixerInfo info = m.info().toBuilder()
                .links(MixerLinks.of(nextHops, exitServices))
                .build();
        Mixer announced = new Mixer(m.id(), m.role(), m.ingressTopic(), m.identity(), m.key(), m.nextKey(), info);
        mixers.put(id, announced);
        return announced;
    }

    public long epoch() {
        return epoch;
    }

    public EpochSchedule schedule() {
        return schedule;
    }

    /**
     * Cluster metadata in which every mixer's ingress topic has {@code partitions} partitions, for a
     * MockProducer: producers pick the partition a packet is bound to from the partition count.
     */
    public org.apache.kafka.common.Cluster cluster(int partitions) {
        org.apache.kafka.common.Node node = new org.apache.kafka.common.Node(0, "localhost", 9092);
        List<org.apache.kafka.common.PartitionInfo> infos = new java.util.ArrayList<>();
        for (Mixer m : mixers.values()) {
            for (int p = 0; p < partitions; p++) {
                org.apache.kafka.common.Node[] replicas = {node};
                infos.add(new org.apache.kafka.common.PartitionInfo(m.ingressTopic(), p, node, replicas, replicas));
            }
        }
        return new org.apache.kafka.common.Cluster(
                "test-cluster", List.of(node), infos, java.util.Set.of(), java.util.Set.of());
    }

    public List<Mixer> all() {
        return List.copyOf(mixers.values());
    }

    public Mixer mixer(String id) {
        Mixer m = mixers.get(id);
        if (m == null) {
            throw new AssertionError("no mixer " + id);
        }
        return m;
    }

    public Mixer byIngress(String topic) {
        return mixers.values().stream()
                .filter(m -> m.ingressTopic().equals(topic))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no mixer reads " + topic));
    }

    public DirectorySnapshot snapshot() {
        List<MixerInfo> infos = new ArrayList<>();
        mixers.values().forEach(m -> infos.add(m.info()));
        return DirectorySnapshot.of(infos);
    }

    /** Peels a forward packet from mixer {@code first} until it exits; fails the test on anything else. */
    public Exit walkForward(Sphinx sphinx, String first, byte[] packet) {
        List<String> path = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        String at = first;
        byte[] p = packet;
        for (int hop = 0; hop < sphinx.geometry().maxHops(); hop++) {
            path.add(at);
            UnwrapResult r = sphinx.unwrap(mixer(at).key(), p);
            if (!(r instanceof UnwrapResult.Processed processed)) {
                throw new AssertionError("mixer " + at + " rejected the packet: " + r);
            }
            RoutingCommand c = processed.instruction().command();
            delays.add(processed.instruction().delayMillis());
            if (c instanceof RoutingCommand.Relay relay) {
                refuseUnannounced(at, relay.mixerId(), null);
                at = relay.mixerId();
                p = processed.output();
            } else if (c instanceof RoutingCommand.Exit exit) {
                refuseUnannounced(at, null, exit.service());
                return new Exit(exit.service(), processed.output(), path, delays);
            } else {
                throw new AssertionError("unexpected command at " + at + ": " + c);
            }
        }
        throw new AssertionError("route longer than the geometry allows");
    }

    /** Peels a reply packet from mixer {@code first} until it is delivered. */
    public Delivery walkReply(Sphinx sphinx, String first, byte[] packet) {
        List<String> path = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        String at = first;
        byte[] p = packet;
        for (int hop = 0; hop < sphinx.geometry().maxHops(); hop++) {
            path.add(at);
            UnwrapResult r = sphinx.unwrap(mixer(at).key(), p);
            if (!(r instanceof UnwrapResult.Processed processed)) {
                throw new AssertionError("mixer " + at + " rejected the reply: " + r);
            }
            RoutingCommand c = processed.instruction().command();
            delays.add(processed.instruction().delayMillis());
            if (c instanceof RoutingCommand.Relay relay) {
                refuseUnannounced(at, relay.mixerId(), null);
                at = relay.mixerId();
                p = processed.output();
            } else if (c instanceof RoutingCommand.DeliverReply d) {
                return new Delivery(d.surbId(), processed.output(), path, delays);
            } else {
                throw new AssertionError("unexpected command at " + at + ": " + c);
            }
        }
        throw new AssertionError("route longer than the geometry allows");
    }

    /**
     * What a mixer whose configuration matches its announced links does with a Relay or Exit it does not
     * announce: refuses it (UNKNOWN_NEXT_HOP, UNKNOWN_SERVICE). A mixer announcing nothing accepts all.
     */
    public void refuseUnannounced(String at, String nextHop, String service) {
        Optional<MixerLinks> links = mixer(at).info().links();
        if (links.isEmpty()) {
            return;
        }
        if (nextHop != null && !links.get().relaysTo(nextHop)) {
            throw new AssertionError("mixer " + at + " refuses the packet: UNKNOWN_NEXT_HOP " + nextHop);
        }
        if (service != null && !links.get().exitsTo(service)) {
            throw new AssertionError("mixer " + at + " refuses the packet: UNKNOWN_SERVICE " + service);
        }
    }

    public static Geometry geometry() {
        return Geometry.defaults();
    }
}
