package io.kafkamixnet.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the adversary knows about the packets one mixer task holds: for each input taken in, the
 * probability that it is still held, and its distribution over senders. Generalised mixes (Díaz &amp;
 * Serjantov 2003): at a release of {@code r} of {@code h} held packets, chosen without regard to which
 * (a uniformly random subset, every packet of a batch, or, for exponential per-packet delays, any held
 * packet with the same hazard), each released packet came from held input {@code i} with probability
 * {@code mass_i / h}, and every input stays held with its mass scaled by {@code (h − r) / h}.
 *
 * <p>Threshold and timed mixes release everything ({@code k = 0}): the distribution is uniform over the
 * batch and nothing carries over. A pool mix carries mass from round to round. The held count {@code h}
 * and kept count {@code k} come from the observed counts (the mixer's {@code pool-meta} changelog); mass
 * the adversary cannot attribute (inputs before the audited window) is one {@link #UNKNOWN_SENDER}.
 *
 * <p>Not thread-safe.
 */
public final class PoolPropagation {

    /** The sender of mass the adversary did not see enter. */
    public static final long UNKNOWN_SENDER = -1;
    /** The input id of such mass. */
    public static final long UNKNOWN_INPUT = Long.MIN_VALUE;
    /** The input id standing for a mixer's own packet (a dummy or loop it built): not an input record. */
    public static final long MIXER_OWN_INPUT = Long.MIN_VALUE + 1;

    /** Below this probability of still being held an input is forgotten (its mass goes to unknown). */
    static final double NEGLIGIBLE = 1e-7;

    private static final Distribution UNKNOWN = Distribution.point(UNKNOWN_SENDER);

    private final List<HeldInput> held = new ArrayList<>();
    private double unknownMass;

    private static final class HeldInput {
        final long inputId;
        final long intakeMillis;
        final Distribution senders;
        double mass = 1;

        HeldInput(long inputId, long intakeMillis, Distribution senders) {
            this.inputId = inputId;
            this.intakeMillis = intakeMillis;
            this.senders = senders;
        }
    }

    /**
     * One release as the adversary sees it.
     *
     * @param inputs which input each released packet came from (ids as given to {@link #intake})
     * @param senders which sender each released packet came from
     * @param held packets held just before the release
     * @param kept packets held just after it
     * @param ages age in ms at release of every input that may have left
     * @param ageWeights expected number of released packets of each age
     */
    public record Release(
            Distribution inputs,
            Distribution senders,
            long held,
            long kept,
            long atMillis,
            double[] ages,
            double[] ageWeights) {
        public long released() {
            return held - kept;
        }
    }

    /** An input is taken in: certainly held now. */
    public void intake(long inputId, long atMillis, Distribution senders) {
        held.add(new HeldInput(inputId, atMillis, senders));
    }

    /** Unattributable input taken in (its ingress record is outside the audited logs). */
    public void intakeUnknown(double count) {
        unknownMass += count;
    }

    /** Expected number of held packets the adversary has attributed so far. */
    public double attributedMass() {
        double m = 0;
        for (HeldInput h : held) {
            m += h.mass;
        }
        return m;
    }

    /**
     * {@code heldBefore − keptAfter} packets leave at {@code atMillis}.
     *
     * @throws IllegalArgumentException when {@code heldBefore} is not positive or {@code keptAfter} is not in
     *     {@code [0, heldBefore)}
     */
    public Release release(long heldBefore, long keptAfter, long atMillis) {
        if (heldBefore <= 0 || keptAfter < 0 || keptAfter >= heldBefore) {
            throw new IllegalArgumentException(
                    "expected 0 <= kept < held, found held " + heldBefore + ", kept " + keptAfter);
        }
        double attributed = attributedMass();
        double total = attributed + unknownMass;
        if (total < heldBefore) {
            // The counts say more is held than the adversary saw enter: inputs before the window.
            unknownMass += heldBefore - total;
        } else if (total > heldBefore) {
            // Fewer held than attributed (an intake matched twice, or a count skipped): rescale, never create mass.
            double scale = heldBefore / total;
            held.forEach(h -> h.mass *= scale);
            unknownMass *= scale;
        }
        double h = heldBefore;
        Map<Long, Double> inputMass = new HashMap<>();
        Map<Long, Double> senderMass = new HashMap<>();
        double released = heldBefore - keptAfter;
        double[] ages = new double[held.size()];
        double[] weights = new double[held.size()];
        int i = 0;
        for (HeldInput in : held) {
            double p = in.mass / h;
            inputMass.merge(in.inputId, p, Double::sum);
            in.senders.addTo(senderMass, p);
            ages[i] = atMillis - in.intakeMillis;
            weights[i] = p * released;
            i++;
        }
        if (unknownMass > 0) {
            inputMass.merge(UNKNOWN_INPUT, unknownMass / h, Double::sum);
            UNKNOWN.addTo(senderMass, unknownMass / h);
        }
        Release release = new Release(
                Distribution.normalise(inputMass),
                Distribution.normalise(senderMass),
                heldBefore,
                keptAfter,
                atMillis,
                ages,
                weights);
        double keep = keptAfter / h;
        if (keptAfter == 0) {
            held.clear();
            unknownMass = 0;
        } else {
            unknownMass *= keep;
            for (Iterator<HeldInput> it = held.iterator(); it.hasNext(); ) {
                HeldInput in = it.next();
                in.mass *= keep;
                if (in.mass < NEGLIGIBLE) {
                    unknownMass += in.mass;
                    it.remove();
                }
            }
        }
        return release;
    }
}
