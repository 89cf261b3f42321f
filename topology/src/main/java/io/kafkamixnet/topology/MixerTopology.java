package io.kafkamixnet.topology;

import static io.kafkamixnet.topology.TopologyNames.DEAD_LETTER_SINK;
import static io.kafkamixnet.topology.TopologyNames.POOL_INDEX_STORE;
import static io.kafkamixnet.topology.TopologyNames.POOL_META_STORE;
import static io.kafkamixnet.topology.TopologyNames.POOL_STORE;
import static io.kafkamixnet.topology.TopologyNames.PROCESSOR;
import static io.kafkamixnet.topology.TopologyNames.REPLAY_STORE;
import static io.kafkamixnet.topology.TopologyNames.REPLY_INBOX_SINK;
import static io.kafkamixnet.topology.TopologyNames.SOURCE;

import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochKeyRing;
import io.kafkamixnet.directory.heartbeat.HeartbeatMonitor;
import io.kafkamixnet.keys.PoolStoreKey;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.PacketEnvelope;
import io.kafkamixnet.topology.cover.CoverMetrics;
import io.kafkamixnet.topology.cover.CoverPacketBuilder;
import io.kafkamixnet.topology.cover.LoopPath;
import io.kafkamixnet.topology.cover.MixerCover;
import io.kafkamixnet.topology.internals.BoundPartitioner;
import io.kafkamixnet.topology.internals.RandomPartitioner;
import io.kafkamixnet.topology.release.Forgetting;
import io.kafkamixnet.topology.serde.AvroSerde;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.AutoOffsetReset;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the Kafka Streams {@link Topology} of one mixer: one source (the ingress topic), one
 * mixing processor with three persistent, changelogged stores, and one sink per output topic.
 * Processor API only: no repartition topic, no windowing, no record copied from input to output.
 *
 * <pre>
 *   ingress ─▶ mixer ─┬─▶ next-hop:&lt;topic&gt;   (PacketEnvelope, partition bound to the packet;
 *                     │                         also heartbeat.entry.* topics: own response-path loops)
 *                     ├─▶ exit:&lt;topic&gt;       (ExitMessage, random partition)
 *                     ├─▶ reply-inbox         (InboxMessage, random partition; response mixers)
 *                     └─▶ dead-letters        (DeadLetter, random partition)
 *   stores: pool (sealed held packets), pool-meta (exact count, release marks), replay-tags;
 *           pool mix only: pool-index (local, no changelog: held packets by position and key)
 * </pre>
 *
 * <p>Node and store names are {@link TopologyNames}; the processor is {@code MixProcessor}, which
 * needs nothing from this class.
 */
public final class MixerTopology {

    private MixerTopology() {}

    /**
     * The topology of {@code config}'s mixer.
     *
     * @param ingressPartitions current partition count of the ingress topic, for partition binding
     *     (0 when unknown, which skips the check)
     */
    public static Topology build(
            MixerConfig config,
            EpochKeyRing keyring,
            PoolStoreKey storeKey,
            MixerMetrics metrics,
            IntSupplier ingressPartitions) {
        if (config.defences().any()) {
            throw new IllegalArgumentException("mixer " + config.mixerId()
                    + " sends dummies or heartbeat loops: build its topology with a directory to route them");
        }
        return build(config, keyring, storeKey, metrics, ingressPartitions, null);
    }

    /**
     * The topology of {@code config}'s mixer, whose dummies and heartbeat loops ({@code dummy.*},
     * {@code heartbeat.*}) are routed over {@code directory}'s current snapshot.
     *
     * @param cover the mixer's defences ({@link #cover}); null when it sends neither dummies nor loops
     */
    public static Topology build(
            MixerConfig config,
            EpochKeyRing keyring,
            PoolStoreKey storeKey,
            MixerMetrics metrics,
            IntSupplier ingressPartitions,
            MixerCover cover) {
        return build(config, keyring, storeKey, metrics, ingressPartitions, cover, null);
    }

    /**
     * As {@link #build(MixerConfig, EpochKeyRing, PoolStoreKey, MixerMetrics, IntSupplier, MixerCover)},
     * taking unwraps computed {@code ahead} (null: none; see {@link UnwrapAhead}).
     */
    static Topology build(
            MixerConfig config,
            EpochKeyRing keyring,
            PoolStoreKey storeKey,
            MixerMetrics metrics,
            IntSupplier ingressPartitions,
            MixerCover cover,
            UnwrapAhead ahead) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(keyring, "keyring");
        if (!keyring.schedule().equals(config.epochSchedule())) {
            // The processor checks epochs with the config's schedule and finds keys with the ring's.
            throw new IllegalArgumentException("the key ring's " + keyring.schedule() + " differs from the mixer's "
                    + config.epochSchedule() + " (epoch.length, epoch.grace)");
        }
        Objects.requireNonNull(storeKey, "storeKey");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(ingressPartitions, "ingressPartitions");
        Topology topology = new Topology();
        topology.addSource(
                AutoOffsetReset.earliest(),
                SOURCE,
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer(),
                config.ingressTopic());

        Sinks sinks = Sinks.of(config);
        Sphinx sphinx = new Sphinx(config.geometry());
        topology.addProcessor(
                PROCESSOR,
                () -> new MixProcessor(
                        config, sphinx, keyring, storeKey, metrics, ingressPartitions, sinks, cover, ahead),
                SOURCE);
        // Cached only when every release takes everything held: Forgetting.AllLeave says why that is safe.
        boolean cachePool = config.strategy().releasePolicy().forgetting() instanceof Forgetting.AllLeave;
        topology.addStateStore(store(POOL_STORE, cachePool), PROCESSOR);
        // pool-meta is never cached: its count after every change is tiny, and mixnet audit reads it.
        topology.addStateStore(store(POOL_META_STORE, false), PROCESSOR);
        topology.addStateStore(store(REPLAY_STORE, false), PROCESSOR);
        if (config.strategy().releasePolicy().holdsMany()) {
            topology.addStateStore(localIndexStore(), PROCESSOR);
        }

        SecureRandom random = new SecureRandom();
        ByteArraySerializer keys = new ByteArraySerializer();
        StreamPartitioner<byte[], PacketEnvelope> nextHopPartitioner =
                config.partitionBinding() ? new BoundPartitioner<>() : new RandomPartitioner<>(random);
        java.util.Set<String> added = new java.util.HashSet<>(); // two ids may share a topic: one sink
        addPacketSinks(topology, config.nextHops(), sinks.nextHopSinks(), added, keys, nextHopPartitioner);
        addPacketSinks(topology, config.heartbeatEntries(), sinks.entrySinks(), added, keys, nextHopPartitioner);
        for (Map.Entry<String, String> e : config.exitServices().entrySet()) {
            String sink = sinks.exitSinks().get(e.getKey());
            if (added.add(sink)) {
                topology.addSink(
                        sink,
                        e.getValue(),
                        keys,
                        AvroSerde.exitMessage().serializer(),
                        new RandomPartitioner<>(random),
                        PROCESSOR);
            }
        }
        config.replyInboxTopic()
                .ifPresent(inbox -> topology.addSink(
                        REPLY_INBOX_SINK,
                        inbox,
                        keys,
                        AvroSerde.inboxMessage().serializer(),
                        new RandomPartitioner<>(random),
                        PROCESSOR));
        topology.addSink(
                DEAD_LETTER_SINK,
                config.deadLetterTopic(),
                keys,
                AvroSerde.deadLetter().serializer(),
                new RandomPartitioner<>(random),
                PROCESSOR);
        return topology;
    }

    /**
     * The defences of {@code config}'s mixer, routed over {@code directory}'s snapshots; null when
     * {@code config} turns none on. One per mixer application: its Poisson schedules and heartbeat
     * monitor are shared by the application's stream tasks.
     */
    public static MixerCover cover(
            MixerConfig config,
            EpochKeyRing keyring,
            MixerMetrics metrics,
            Supplier<DirectorySnapshot> directory,
            long startedAtMillis) {
        DefenceSettings d = config.defences();
        if (!d.any()) {
            return null;
        }
        SecureRandom random = new SecureRandom();
        CoverMetrics counters = new CoverMetricsAdapter(metrics);
        boolean responseMixer = config.role() == MixerRole.RESPONSE;
        // A response mixer's reply-path loops start at its next hops and end at itself; a forward
        // mixer's start at its heartbeat.entry.* response mixers and end at the last of them.
        CoverPacketBuilder.ReplyPaths replyPaths = !d.heartbeats(LoopPath.RESPONSE)
                ? CoverPacketBuilder.ReplyPaths.none()
                : new CoverPacketBuilder.ReplyPaths(
                        responseMixer
                                ? config.nextHops().keySet()
                                : config.heartbeatEntries().keySet(),
                        responseMixer);
        CoverPacketBuilder builder = new CoverPacketBuilder(
                config.mixerId(),
                config.nextHops().keySet(),
                new Sphinx(config.geometry(), random),
                config.epochSchedule(),
                directory,
                (epoch, now) -> keyring.keyFor(epoch, now).map(MixPrivateKey::publicKey),
                random,
                replyPaths);
        Map<LoopPath, HeartbeatMonitor> monitors = new EnumMap<>(LoopPath.class);
        for (LoopPath path : d.heartbeatPaths()) {
            if (!d.heartbeats()) {
                break;
            }
            // Hold follows the loops that cross this mixer's own ingress: all of them but a forward
            // mixer's reply-path loops, which test the response mixers, not this mixer's input.
            boolean throughOwnIngress = path == LoopPath.FORWARD || responseMixer;
            monitors.put(
                    path,
                    new HeartbeatMonitor(
                            "Mixer " + config.mixerId() + " (" + path.settingName() + " loops)",
                            d.heartbeatWindow(),
                            d.heartbeatReturnGrace(),
                            d.heartbeatExpectedReturn(),
                            d.heartbeatFalseAlarm(),
                            d.heartbeatHold() && throughOwnIngress,
                            new PathHeartbeatListener(metrics, path),
                            startedAtMillis,
                            throughOwnIngress
                                    ? "a possible n-1 attack on its input"
                                    : "a response mixer on their routes holding back or dropping replies"));
        }
        MixerCover.Settings settings = new MixerCover.Settings(
                d.dummyMinBatch(),
                d.dummyRate(),
                d.dummyMaxRate(),
                d.dummyHops(),
                d.heartbeatRate(),
                d.heartbeatHops(),
                d.heartbeatLoopsPerBatch(),
                d.heartbeatPaths(),
                responseMixer);
        return new MixerCover(settings, builder, monitors, counters, random);
    }

    /**
     * Persistent (RocksDB), changelogged; uncached (every change reaches the changelog as written)
     * unless {@code cached}: then through the Kafka Streams record cache ({@code statestore.cache.max.bytes}),
     * which writes the last change of each key at the commit (or at an eviction), in the same transaction.
     */
    private static StoreBuilder<KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>> store(
            String name, boolean cached) {
        var builder = Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(name), Serdes.Bytes(), Serdes.ByteArray())
                .withLoggingEnabled(Map.of());
        return cached ? builder.withCachingEnabled() : builder.withCachingDisabled();
    }

    /**
     * The {@code pool-index} store: persistent (RocksDB), uncached and without a changelog. It holds
     * derived state only (store keys, arrival and due times of held packets), wiped and rebuilt from
     * the pool store at every task start, so it needs no changelog, and having none it adds nothing
     * to what a changelog reader sees.
     */
    private static StoreBuilder<KeyValueStore<org.apache.kafka.common.utils.Bytes, byte[]>> localIndexStore() {
        return Stores.keyValueStoreBuilder(
                        Stores.persistentKeyValueStore(POOL_INDEX_STORE), Serdes.Bytes(), Serdes.ByteArray())
                .withCachingDisabled()
                .withLoggingDisabled();
    }

    /** One sink per distinct topic of {@code topicsById} (mixer id to ingress topic), named by {@code sinkNames}. */
    private static void addPacketSinks(
            Topology topology,
            Map<String, String> topicsById,
            Map<String, String> sinkNames,
            java.util.Set<String> added,
            ByteArraySerializer keys,
            StreamPartitioner<byte[], PacketEnvelope> partitioner) {
        for (Map.Entry<String, String> e : topicsById.entrySet()) {
            String sink = sinkNames.get(e.getKey());
            if (added.add(sink)) {
                topology.addSink(
                        sink, e.getValue(), keys, AvroSerde.packetEnvelope().serializer(), partitioner, PROCESSOR);
            }
        }
    }

    /** Name of the changelog topic of one of this mixer's stores. */
    public static String changelogTopic(MixerConfig config, String storeName) {
        return config.applicationId() + "-" + storeName + "-changelog";
    }
}
