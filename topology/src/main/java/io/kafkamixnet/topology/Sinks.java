package io.kafkamixnet.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sink names by next-hop mixer id and by exit service, from the configuration: a packet can name
 * only these, so it never chooses a topic. Two ids may share a topic, and so a sink. The
 * {@code heartbeat.entry.*} sinks carry only the mixer's own response-path loops: no packet's Relay
 * is admitted to them ({@link Intake} checks {@link #nextHopSinks}), but a loop's first hop is looked
 * up with {@link #coverSink}.
 */
record Sinks(Map<String, String> nextHopSinks, Map<String, String> exitSinks, Map<String, String> entrySinks) {

    Sinks {
        nextHopSinks = Map.copyOf(nextHopSinks);
        exitSinks = Map.copyOf(exitSinks);
        entrySinks = Map.copyOf(entrySinks);
    }

    static Sinks of(MixerConfig config) {
        Map<String, String> nextHopSinks = new LinkedHashMap<>();
        config.nextHops().forEach((id, topic) -> nextHopSinks.put(id, TopologyNames.nextHopSink(topic)));
        Map<String, String> exitSinks = new LinkedHashMap<>();
        config.exitServices().forEach((svc, topic) -> exitSinks.put(svc, TopologyNames.exitSink(topic)));
        Map<String, String> entrySinks = new LinkedHashMap<>();
        config.heartbeatEntries().forEach((id, topic) -> entrySinks.put(id, TopologyNames.nextHopSink(topic)));
        return new Sinks(nextHopSinks, exitSinks, entrySinks);
    }

    /** The sink of the first hop of a packet this mixer built: a next hop, or a response-path loop's entry. */
    String coverSink(String firstHop) {
        String sink = nextHopSinks.get(firstHop);
        return sink != null ? sink : entrySinks.get(firstHop);
    }
}
