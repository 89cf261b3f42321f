package io.kafkamixnet.attack;

import java.util.HashMap;
import java.util.Map;

/**
 * What the relay timing adversary learnt about where a real packet sits in a release: for each release
 * size, how often its own calibration packet was at each position (0 = the lowest offset). The probability
 * of position {@code i} in a release of {@code n} records is the Laplace estimate (count + 1) / (seen + n),
 * so a size never seen is uniform. A mixer that shuffles each release uniformly leaves nothing to learn:
 * every position is then 1/n in expectation and any guess is right with probability 1/n.
 */
public final class PositionPrior {

    private final Map<Integer, int[]> counts = new HashMap<>();

    /**
     * Records one calibration release.
     *
     * @throws IllegalArgumentException unless 0 ≤ position &lt; size
     */
    public void learn(int size, int position) {
        if (size < 1 || position < 0 || position >= size) {
            throw new IllegalArgumentException(
                    "expected a position in [0, size) of a release of at least 1 record, found position " + position
                            + " of size " + size);
        }
        counts.computeIfAbsent(size, n -> new int[n])[position]++;
    }

    /** P(the real packet is at {@code position} | a release of {@code size} records). */
    public double probability(int size, int position) {
        int[] c = counts.get(size);
        if (c == null) {
            return 1.0 / size;
        }
        int seen = 0;
        for (int x : c) {
            seen += x;
        }
        return (c[position] + 1.0) / (seen + size);
    }

    /** The calibration counts per size and position, for the report. */
    public Map<Integer, int[]> counts() {
        Map<Integer, int[]> copy = new HashMap<>();
        counts.forEach((k, v) -> copy.put(k, v.clone()));
        return copy;
    }
}
