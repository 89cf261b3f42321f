package io.kafkamixnet.directory;

import io.kafkamixnet.schemas.MixerRole;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** An immutable view of the directory: the latest accepted descriptor of each mixer, ordered by mixer id. */
public final class DirectorySnapshot {

    private static final DirectorySnapshot EMPTY = new DirectorySnapshot(Map.of());

    private final Map<String, MixerInfo> byId;
    private final List<MixerInfo> all;

    private DirectorySnapshot(Map<String, MixerInfo> byId) {
        this.byId = byId;
        this.all = byId.values().stream()
                .sorted(Comparator.comparing(MixerInfo::mixerId))
                .toList();
    }

    public static DirectorySnapshot empty() {
        return EMPTY;
    }

    /**
     * A snapshot of {@code mixers} (for tests and for callers that learn descriptors another way).
     *
     * @throws IllegalArgumentException if a mixer id occurs twice
     */
    public static DirectorySnapshot of(Collection<MixerInfo> mixers) {
        Map<String, MixerInfo> m = new TreeMap<>();
        for (MixerInfo info : mixers) {
            if (m.put(info.mixerId(), Objects.requireNonNull(info, "info")) != null) {
                throw new IllegalArgumentException("expected each mixer id once, found " + info.mixerId() + " twice");
            }
        }
        return new DirectorySnapshot(Map.copyOf(m));
    }

    /** This snapshot with {@code info} added or replacing the mixer's earlier descriptor. */
    DirectorySnapshot with(MixerInfo info) {
        Map<String, MixerInfo> m = new TreeMap<>(byId);
        m.put(info.mixerId(), info);
        return new DirectorySnapshot(Map.copyOf(m));
    }

    /** The mixers of {@code role}, ordered by mixer id. */
    public List<MixerInfo> mixers(MixerRole role) {
        return all.stream().filter(m -> m.role() == role).toList();
    }

    /** The mixers of {@code role} that list a key for {@code epoch}, ordered by mixer id. */
    public List<MixerInfo> mixersWithKey(MixerRole role, long epoch) {
        return all.stream()
                .filter(m -> m.role() == role && m.keyFor(epoch).isPresent())
                .toList();
    }

    public Optional<MixerInfo> mixer(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every mixer, ordered by mixer id. */
    public List<MixerInfo> all() {
        return all;
    }

    public int size() {
        return all.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DirectorySnapshot s && s.byId.equals(byId);
    }

    @Override
    public int hashCode() {
        return byId.hashCode();
    }

    @Override
    public String toString() {
        return "DirectorySnapshot"
                + all.stream()
                        .map(m -> m.mixerId() + "(" + m.role() + ", seq " + m.sequence() + ")")
                        .toList();
    }
}
