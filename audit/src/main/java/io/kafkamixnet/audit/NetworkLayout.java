package io.kafkamixnet.audit;

import io.kafkamixnet.schemas.DeadLetter;
import io.kafkamixnet.schemas.MixerDescriptor;
import io.kafkamixnet.schemas.SignedDescriptor;
import io.kafkamixnet.schemas.codec.AvroCodec;
import io.kafkamixnet.schemas.codec.RecordDecodingException;
import io.kafkamixnet.topology.TopologyNames;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The network found in the logs, with nothing told: mixers are the Kafka Streams applications with a
 * {@code pool-meta} changelog; each one's ingress topic is what its consumer group commits offsets on
 * ({@code __consumer_offsets}); its producers are those that write its changelogs; its outputs are what
 * those producers write elsewhere. Directory topics (records that decode as {@code SignedDescriptor}) name
 * the mixers and their strategies; dead-letter topics are those whose records decode as {@code DeadLetter}.
 */
public final class NetworkLayout {

    static final String OFFSETS_TOPIC = "__consumer_offsets";
    private static final String META_SUFFIX = "-" + TopologyNames.POOL_META_STORE + "-changelog";
    private static final AvroCodec<SignedDescriptor> SIGNED = AvroCodec.of(SignedDescriptor.class);
    private static final AvroCodec<MixerDescriptor> DESCRIPTOR = AvroCodec.of(MixerDescriptor.class);
    private static final AvroCodec<DeadLetter> DEAD_LETTER = AvroCodec.of(DeadLetter.class);

    private final List<ObservedMixer> mixers;
    private final Map<Long, ObservedMixer> mixerByProducer;
    private final Set<String> ingressTopics;
    private final Set<String> deadLetterTopics;
    private final List<String> directoryTopics;
    private final Map<String, Map<Integer, List<Long>>> deadLetteredOffsets;

    private NetworkLayout(
            List<ObservedMixer> mixers,
            Set<String> deadLetterTopics,
            List<String> directoryTopics,
            Map<String, Map<Integer, List<Long>>> deadLetteredOffsets) {
        this.mixers = List.copyOf(mixers);
        this.mixerByProducer = new HashMap<>();
        Set<String> ingress = new HashSet<>();
        for (ObservedMixer m : mixers) {
            m.producerIds().forEach(pid -> mixerByProducer.put(pid, m));
            ingress.add(m.ingressTopic());
        }
        this.ingressTopics = Set.copyOf(ingress);
        this.deadLetterTopics = Set.copyOf(deadLetterTopics);
        this.directoryTopics = List.copyOf(directoryTopics);
        this.deadLetteredOffsets = deadLetteredOffsets;
    }

    /**
     * Finds the network in {@code logs}.
     *
     * @param directoryTopic the directory topic to name mixers from, or null to look for one
     * @throws IllegalArgumentException when no mixer is found
     */
    public static NetworkLayout discover(TopicLogs logs, String directoryTopic) {
        Map<String, Set<String>> groupTopics = committedTopicsByGroup(logs);
        List<String> directories = new ArrayList<>();
        Map<String, MixerDescriptor> descriptorByIngress = new HashMap<>();
        for (String topic : logs.topics()) {
            if (topic.startsWith("__") || topic.endsWith("-changelog")) {
                continue;
            }
            if (directoryTopic != null ? topic.equals(directoryTopic) : firstDecodes(logs, topic, SIGNED)) {
                directories.add(topic);
                for (LoggedRecord r : logs.records(topic)) {
                    descriptor(r).ifPresent(d -> descriptorByIngress.put(d.getIngressTopic(), d));
                }
            }
        }
        if (directoryTopic != null && directories.isEmpty()) {
            throw new IllegalArgumentException(
                    "expected the directory topic " + directoryTopic + " in the log directory, found no such topic");
        }
        List<ObservedMixer> mixers = new ArrayList<>();
        for (String topic : logs.topics()) {
            if (!topic.endsWith(META_SUFFIX)) {
                continue;
            }
            String app = topic.substring(0, topic.length() - META_SUFFIX.length());
            Set<String> consumed = groupTopics.getOrDefault(app, Set.of());
            if (consumed.size() != 1) {
                // Not (yet) a mixer that committed an offset: nothing to link.
                continue;
            }
            String ingress = consumed.iterator().next();
            Set<Long> pids = new HashSet<>();
            for (String t : logs.topics()) {
                if (t.startsWith(app + "-") && t.endsWith("-changelog")) {
                    for (LoggedRecord r : logs.records(t)) {
                        if (r.producerId() >= 0) {
                            pids.add(r.producerId());
                        }
                    }
                }
            }
            MixerDescriptor d = descriptorByIngress.get(ingress);
            mixers.add(new ObservedMixer(
                    app,
                    d != null ? d.getMixerId() : app,
                    d != null ? d.getStrategySummary() : "unknown",
                    d != null ? d.getRole().name() : "unknown",
                    ingress,
                    pids));
        }
        if (mixers.isEmpty()) {
            throw new IllegalArgumentException("expected at least one mixer (a Kafka Streams application with a "
                    + META_SUFFIX.substring(1) + " topic and committed offsets) in the log directory, found none");
        }
        mixers.sort(java.util.Comparator.comparing(ObservedMixer::mixerId));
        Set<String> deadLetters = new HashSet<>();
        Map<String, Map<Integer, List<Long>>> rejected = new HashMap<>();
        for (String topic : logs.topics()) {
            if (!topic.startsWith("__") && !directories.contains(topic) && firstDecodes(logs, topic, DEAD_LETTER)) {
                deadLetters.add(topic);
                for (LoggedRecord r : logs.records(topic)) {
                    if (r.value() != null && r.outcome().visibleCommitted()) {
                        try {
                            DeadLetter dl = DEAD_LETTER.decode(r.value());
                            rejected.computeIfAbsent(dl.getSourceTopic(), t -> new HashMap<>())
                                    .computeIfAbsent(dl.getSourcePartition(), p -> new ArrayList<>())
                                    .add(dl.getSourceOffset());
                        } catch (RecordDecodingException e) {
                            // another record on the topic: not a rejection to account for
                        }
                    }
                }
            }
        }
        return new NetworkLayout(mixers, deadLetters, directories, rejected);
    }

    /** Group id → topics it committed offsets for (committed transactions and plain commits only). */
    static Map<String, Set<String>> committedTopicsByGroup(TopicLogs logs) {
        Map<String, Set<String>> groups = new TreeMap<>();
        for (LoggedRecord r : logs.records(OFFSETS_TOPIC)) {
            if (!r.outcome().visibleCommitted() || r.valueLength() < 0) {
                continue;
            }
            offsetCommitKey(r)
                    .ifPresent(k ->
                            groups.computeIfAbsent(k[0], g -> new HashSet<>()).add(k[1]));
        }
        return groups;
    }

    /**
     * The group and topic of an offset-commit key of {@code __consumer_offsets} (key versions 0 and 1:
     * int16 version, then group, topic as int16-length strings, then int32 partition), or empty for
     * another kind of key (group metadata).
     */
    private static Optional<String[]> offsetCommitKey(LoggedRecord r) {
        byte[] key = r.key();
        if (key == null || key.length < 2) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.wrap(key);
        short version = b.getShort();
        if (version != 0 && version != 1) {
            return Optional.empty();
        }
        try {
            String group = string(b);
            String topic = string(b);
            return Optional.of(new String[] {group, topic});
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String string(ByteBuffer b) {
        short len = b.getShort();
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static boolean firstDecodes(TopicLogs logs, String topic, AvroCodec<?> codec) {
        for (LoggedRecord r : logs.records(topic)) {
            if (r.value() != null && r.value().length > 0) {
                try {
                    codec.decode(r.value());
                    return true;
                } catch (RecordDecodingException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static Optional<MixerDescriptor> descriptor(LoggedRecord r) {
        if (r.value() == null) {
            return Optional.empty();
        }
        try {
            SignedDescriptor s = SIGNED.decode(r.value());
            return Optional.of(DESCRIPTOR.decode(AvroCodec.copyBytes(s.getDescriptor())));
        } catch (RecordDecodingException e) {
            return Optional.empty();
        }
    }

    public List<ObservedMixer> mixers() {
        return mixers;
    }

    /** The mixer whose producer wrote {@code r}, if any. */
    public Optional<ObservedMixer> writer(LoggedRecord r) {
        return Optional.ofNullable(mixerByProducer.get(r.producerId()));
    }

    public boolean isIngress(String topic) {
        return ingressTopics.contains(topic);
    }

    public Set<String> deadLetterTopics() {
        return deadLetterTopics;
    }

    public List<String> directoryTopics() {
        return directoryTopics;
    }

    /** Offsets of {@code topic}'s partition that a mixer rejected (dead-lettered), in no order. */
    public Set<Long> rejectedOffsets(String topic, int partition) {
        return new HashSet<>(deadLetteredOffsets.getOrDefault(topic, Map.of()).getOrDefault(partition, List.of()));
    }

    /** Where a mixer's record on {@code topic} went; empty for its own internal topics. */
    public Optional<OutputKind> outputKind(ObservedMixer writer, String topic) {
        if (topic.startsWith("__") || topic.startsWith(writer.applicationId() + "-")) {
            return Optional.empty();
        }
        if (deadLetterTopics.contains(topic)) {
            return Optional.of(OutputKind.DEAD_LETTER);
        }
        return Optional.of(isIngress(topic) ? OutputKind.NEXT_HOP : OutputKind.EXIT);
    }

    /** Mixers by application id, in mixer-id order. */
    public Map<String, ObservedMixer> byApplicationId() {
        Map<String, ObservedMixer> m = new LinkedHashMap<>();
        mixers.forEach(x -> m.put(x.applicationId(), x));
        return m;
    }
}
