package io.kafkamixnet.attack;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A mixer's relay output cut into releases, as a broker operator cuts it: a release is a run of
 * consecutive records each less than {@link #GAP_MILLIS} after the previous one. The mixer writes a whole
 * release at one instant, in one transaction, but packet topics are {@code LogAppendTime}: the broker
 * stamps each produce batch, and a release of 8 packets of 2 KB spans two batches (16 KB each), a
 * millisecond apart on an idle machine, over 100 ms apart now and then on a busy one. Releases of a timed
 * mix of interval 300 ms are that far apart; those of the relay timing attack at least its quiet time
 * (250 ms). Each record gets its release's size and its position in it (0 = lowest offset).
 */
public final class Releases {

    /** Records closer than this (ms) belong to one release. */
    public static final long GAP_MILLIS = 200;

    /**
     * Where one record sits: in a release of {@code size} records, at {@code position}; the release's time
     * is its first record's timestamp.
     */
    public record Placement(RelayObservation record, int size, int position, long releaseMs) {}

    private final List<Placement> placements = new ArrayList<>();
    private final Map<Long, Placement> byOffset = new HashMap<>();

    /** @param records relay output records, any order */
    public Releases(List<RelayObservation> records) {
        List<RelayObservation> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingLong(RelayObservation::offset));
        int i = 0;
        while (i < sorted.size()) {
            int j = i + 1;
            while (j < sorted.size()
                    && sorted.get(j).timestampMs() - sorted.get(j - 1).timestampMs() < GAP_MILLIS) {
                j++;
            }
            for (int k = i; k < j; k++) {
                Placement p =
                        new Placement(sorted.get(k), j - i, k - i, sorted.get(i).timestampMs());
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
