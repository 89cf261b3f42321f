package io.kafkamixnet.attack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mixer's relay output cut into releases, as a broker operator cuts it: a release is a run of
 * consecutive records with the same timestamp (the mixer writes a whole release with the release time, in
 * one transaction). Each record gets its release's size and its position in it (0 = lowest offset).
 */
public final class Releases {

    /** Where one record sits: in a release of {@code size} records, at {@code position}. */
    public record Placement(RelayObservation record, int size, int position) {}

    private final List<Placement> placements = new ArrayList<>();
    private final Map<Long, Placement> byOffset = new HashMap<>();

    /** @param records relay output records, any order */
    public Releases(List<RelayObservation> records) {
        List<RelayObservation> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(RelayObservation::offset));
        int i = 0;
        while (i < sorted.size()) {
            int j = i;
            while (j < sorted.size()
                    && sorted.get(j).timestampMs() == sorted.get(i).timestampMs()) {
                j++;
            }
            for (int k = i; k < j; k++) {
                Placement p = new Placement(sorted.get(k), j - i, k - i);
                placements.add(p);
                byOffset.put(p.record().offset(), p);
            }
            i = j;
        }
    }

    /** Every record with its placement, in offset order. */
    public List<Placement> all() {
        return List.copyOf(placements);
    }

    /** The placement of the record at {@code offset}, if it was observed. */
    public Optional<Placement> at(long offset) {
        return Optional.ofNullable(byOffset.get(offset));
    }
}
