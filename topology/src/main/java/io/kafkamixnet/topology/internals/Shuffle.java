package io.kafkamixnet.topology.internals;

import java.security.SecureRandom;
import java.util.List;

/** Fisher-Yates shuffle with a {@link SecureRandom}: every permutation equally likely. */
public final class Shuffle {

    private Shuffle() {}

    /** Permutes {@code list} in place, uniformly at random. */
    public static <T> void fisherYates(List<T> list, SecureRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }
}
