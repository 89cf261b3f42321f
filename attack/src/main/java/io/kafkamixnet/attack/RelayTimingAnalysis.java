package io.kafkamixnet.attack;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The relay timing adversary's guess: given the time a target packet entered the mixer, which record of
 * the mixer's relay output is it? It scores every output record r by f(t_r − t_e) (t_r: the time of r's release) · q(position of r | size
 * of r's release), where f is the {@link DelayModel} learnt from its probes and q the {@link PositionPrior}
 * learnt from its calibration releases; normalised, that is its posterior over records. Timing picks the
 * release, position the record within it: records of one release share a time (to the broker's batch
 * stamps), a size and an encoding, so nothing else tells them apart. (A record's own timestamp within its
 * release is a batch boundary at a fixed byte count, set by the shuffled order, not by which record is
 * real.) It names the most likely record.
 */
public final class RelayTimingAnalysis {

    private final DelayModel delays;
    private final PositionPrior positions;
    private final Releases outputs;

    public RelayTimingAnalysis(DelayModel delays, PositionPrior positions, Releases outputs) {
        this.delays = delays;
        this.positions = positions;
        this.outputs = outputs;
    }

    /**
     * The posterior over output records (by offset) for a packet that entered at {@code entryMs}; only
     * records of non-zero score appear. Empty when no record is plausible.
     */
    public Map<Long, Double> posterior(long entryMs) {
        Map<Long, Double> score = new LinkedHashMap<>();
        double total = 0;
        for (Releases.Placement p : outputs.all()) {
            double f = delays.density(p.releaseMs() - entryMs);
            if (f <= 0) {
                continue;
            }
            double s = f * positions.probability(p.size(), p.position());
            score.put(p.record().offset(), s);
            total += s;
        }
        if (total <= 0) {
            return Map.of();
        }
        Map<Long, Double> posterior = new LinkedHashMap<>();
        for (Map.Entry<Long, Double> e : score.entrySet()) {
            posterior.put(e.getKey(), e.getValue() / total);
        }
        return posterior;
    }
}
