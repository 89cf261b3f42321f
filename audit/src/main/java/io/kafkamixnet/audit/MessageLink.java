package io.kafkamixnet.audit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The adversary's view of one message of a known sender: which of a set of output records it is. The
 * per-output view ({@link OutputLink#senders()}) answers "whose is this record?"; this one answers the
 * question a sender cares about, "which record is mine?". Given that the sender sent one message that left
 * in one of {@code outputs}, the probability that it is output {@code j} is proportional to output
 * {@code j}'s probability of being that sender's (Bayes with a uniform prior over the outputs).
 *
 * <p>With a mixer's own dummies in a release of one real packet topped up to {@code b} records, every
 * record is the sender's with probability {@code 1/b}: the message is one of {@code b} equally likely
 * records, {@code log2 b} bits, and the adversary's best guess is right with probability {@code 1/b}.
 *
 * @param sender the first-hop sender (producer id)
 * @param overOutputs probability of each output (by its index in the list given) being the message
 * @param entropy Shannon entropy of {@code overOutputs}, bits
 * @param bestGuess the largest probability: how often the adversary's best guess is right
 */
public record MessageLink(long sender, Distribution overOutputs, double entropy, double bestGuess) {

    /**
     * The message of {@code sender} among {@code outputs}.
     *
     * @throws IllegalArgumentException when no output can be the sender's
     */
    public static MessageLink of(long sender, List<OutputLink> outputs) {
        Map<Long, Double> mass = new HashMap<>();
        for (int j = 0; j < outputs.size(); j++) {
            double p = outputs.get(j).senders().probabilities().getOrDefault(sender, 0.0);
            if (p > 0) {
                mass.put((long) j, p);
            }
        }
        if (mass.isEmpty()) {
            throw new IllegalArgumentException(
                    "expected an output that can be sender " + sender + "'s, found none of " + outputs.size());
        }
        Distribution d = Distribution.normalise(mass);
        double best = d.probabilities().values().stream()
                .mapToDouble(Double::doubleValue)
                .max()
                .orElse(0);
        return new MessageLink(sender, d, d.entropy(), best);
    }
}
