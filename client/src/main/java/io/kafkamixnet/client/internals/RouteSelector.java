package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.NoRouteException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Picks the mixers of a route uniformly at random without repetition. Thread-safe.
 *
 * <p>Security contract: every ordered choice of {@code n} distinct mixers is equally likely (a partial
 * Fisher-Yates shuffle driven by {@link SecureRandom}), so the route reveals nothing about earlier
 * routes or about the client. Candidates with the same mixer id (which a healthy directory never
 * lists twice) count once.
 */
public final class RouteSelector {

    private final SecureRandom random;

    public RouteSelector(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * {@code n} distinct candidates in random order.
     *
     * @param what used in the error message, e.g. "FORWARD mixers with a key of epoch 7"
     * @throws NoRouteException if there are fewer than {@code n} distinct candidates
     */
    public List<RouteCandidate> pick(List<RouteCandidate> candidates, int n, String what) {
        if (n < 1) {
            throw new IllegalArgumentException("a route needs at least 1 hop, found " + n);
        }
        Map<String, RouteCandidate> distinct = new LinkedHashMap<>();
        for (RouteCandidate c : candidates) {
            distinct.putIfAbsent(c.mixerId(), c);
        }
        List<RouteCandidate> pool = new ArrayList<>(distinct.values());
        if (pool.size() < n) {
            throw new NoRouteException(
                    "a route needs " + n + " distinct " + what + ", the directory lists " + pool.size());
        }
        for (int i = 0; i < n; i++) {
            int j = i + random.nextInt(pool.size() - i);
            RouteCandidate t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return List.copyOf(pool.subList(0, n));
    }
}
