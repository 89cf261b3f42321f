package io.kafkamixnet.topology;

import java.util.HashMap;
import java.util.Map;

/** The smallest valid set of mixer settings (a timed forward mixer), for tests to vary one key at a time. */
final class MinimalMixerSettings {

    private MinimalMixerSettings() {}

    /** A fresh, mutable map each call. */
    static Map<String, String> minimal() {
        Map<String, String> m = new HashMap<>();
        m.put("mixer.id", "mix-a");
        m.put("mixer.role", "forward");
        m.put("strategy", "timed");
        m.put("strategy.interval", "2s");
        m.put("topic.ingress", "mix-a.in");
        m.put("keys.dir", "/keys/mix-a");
        return m;
    }
}
