package io.kafkamixnet.topology;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sink names by next-hop mixer id and by exit service, from the configuration: a packet can name
 * only these, so it never chooses a topic. Two ids may share a topic, and so a sink.
 */
record Sinks(Map<String, String> nextHopSinks, Map<String, String> exitSinks) {

    Sinks {
        nextHopSinks = Map.copyOf(nextHopSinks);
        exitSinks = Map.copyOf(exitSinks);
    }

    static Sinks of(MixerConfig config) {
        Map<String, String> nextHopSinks = new LinkedHashMap<>();
        config.nextHops().forEach((id, topic) -> nextHopSinks.put(id, TopologyNames.nextHopSink(topic)));
        Map<String, String> exitSinks = new LinkedHashMap<>();
        config.exitServices().forEach((svc, topic) -> exitSinks.put(svc, TopologyNames.exitSink(topic)));
        return new Sinks(nextHopSinks, exitSinks);
    }
}
