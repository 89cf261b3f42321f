package io.kafkamixnet.topology;

import org.apache.kafka.streams.Topology;

/**
 * Names of the nodes and state stores of a mixer's {@link Topology}: the one place they are
 * defined, read by {@link MixerTopology} (which adds them), the processor (which uses them) and
 * tests (which read the stores). Store names are also part of the changelog topic names
 * ({@link MixerTopology#changelogTopic}), so they never change.
 */
public final class TopologyNames {

    /** The source node, reading the ingress topic as raw bytes. */
    public static final String SOURCE = "ingress";
    /** The mixing processor. */
    public static final String PROCESSOR = "mixer";
    /** Sealed held packets, one entry per packet under a random key. */
    public static final String POOL_STORE = "pool";
    /** The exact held count and, for continuous mixing, sealed release marks. */
    public static final String POOL_META_STORE = "pool-meta";
    /**
     * Index of the held packets (store key, arrival, due), for strategies that hold many
     * ({@code ReleasePolicy.holdsMany()}, the pool mix): local RocksDB, no changelog, wiped and rebuilt
     * from {@link #POOL_STORE} at every task start.
     */
    public static final String POOL_INDEX_STORE = "pool-index";
    /** Replay tags seen, per epoch. */
    public static final String REPLAY_STORE = "replay-tags";
    /** The sink of the dead-letter topic. */
    public static final String DEAD_LETTER_SINK = "dead-letters";
    /** The sink of the reply inbox topic (response mixers). */
    public static final String REPLY_INBOX_SINK = "reply-inbox";

    private TopologyNames() {}

    /** Sink node name of the next-hop ingress topic {@code topic}. */
    static String nextHopSink(String topic) {
        return "next-hop:" + topic;
    }

    /** Sink node name of the exit topic {@code topic}. */
    static String exitSink(String topic) {
        return "exit:" + topic;
    }
}
