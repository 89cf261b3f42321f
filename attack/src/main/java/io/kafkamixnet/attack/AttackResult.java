package io.kafkamixnet.attack;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one attack against one configuration of the mixer, in a shape that stays the same
 * when defences are added, so a report can put the "before" and "after" rows side by side.
 *
 * @param attack      {@code n-1} or {@code timing}
 * @param strategy    the mixer's strategy label
 * @param mixer       the mixer's {@code strategy*} settings
 * @param defences    defence settings in force (e.g. {@code coverRate} in packets/s per client); empty
 *                    when none
 * @param trials      trials run (n-1: targets attacked; timing: exit messages the adversary tried to link)
 * @param successes   trials in which the adversary named the true sender (timing: ties count 1/k)
 * @param baseRate    the chance of the same guess without the attack: 1 / anonymity set; NaN when unknown
 *                    (n-1: no trial released its target)
 * @param rounds      attacker rounds per trial (n-1); empty for timing
 * @param packets     packets the attacker sent per trial (n-1 floods; timing probes)
 * @param seconds     seconds per trial until the target was linked (n-1); empty for timing
 * @param notes       attack-specific figures, e.g. timeouts, the entry view used, clients, rates
 */
public record AttackResult(
        String attack,
        String strategy,
        Map<String, String> mixer,
        Map<String, Object> defences,
        int trials,
        double successes,
        double baseRate,
        Stats rounds,
        Stats packets,
        Stats seconds,
        Map<String, Object> notes) {

    public AttackResult {
        // Insertion order kept: the JSON and the table list settings as the runner wrote them.
        mixer = Collections.unmodifiableMap(new LinkedHashMap<>(mixer));
        defences = Collections.unmodifiableMap(new LinkedHashMap<>(defences));
        notes = Collections.unmodifiableMap(new LinkedHashMap<>(notes));
    }

    /** Successes / trials, or 0 without trials. */
    public double successRate() {
        return trials == 0 ? 0 : successes / trials;
    }
}
