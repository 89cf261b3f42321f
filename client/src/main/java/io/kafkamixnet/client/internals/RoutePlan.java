package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.NoRouteException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The routes of one shape over one set of candidates, ready to be drawn: {@code hops} distinct mixers,
 * each hop linked to the next ({@link RouteCandidate#linksTo}: hop i announces hop i+1 as a next hop),
 * the last one accepted by a {@link LastHop} rule (e.g. announces the requested exit service).
 * Immutable and thread-safe; build one per packing with {@link RouteSelector#plan}.
 *
 * <p>Security contract: {@link #pick()} returns each such route with the same probability, whatever
 * earlier picks were, so a route reveals nothing beyond the network's shape. How: the number of linked
 * walks of each length from each mixer is counted (walks may repeat mixers); a walk is drawn uniformly
 * by following those counts, and kept if its mixers are distinct (uniform among walks, hence uniform
 * among routes, which are the distinct walks). After {@value #WALK_ATTEMPTS} walks with a repeat (only
 * in networks where distinct routes are rare) every route is enumerated and one drawn by reservoir
 * sampling, at most {@value #MAX_ENUMERATION_STEPS} steps; past that bound (a network both huge and
 * almost without distinct routes) the draw is uniform among the routes enumerated so far.
 */
public final class RoutePlan {

    /** What a route's last hop must accept, with a description for the error when none does. */
    public record LastHop(Predicate<RouteCandidate> accepts, String description) {
        /** Any mixer may end the route (its command, Drop or DeliverReply, needs no announcement). */
        public static final LastHop ANY = new LastHop(c -> true, "any");

        public LastHop {
            Objects.requireNonNull(accepts, "accepts");
            Objects.requireNonNull(description, "description");
        }

        /** The last hop must announce {@code service} as an exit (or not announce its links at all). */
        public static LastHop exitingTo(String service) {
            Objects.requireNonNull(service, "service");
            return new LastHop(c -> c.exitsTo(service), "announces exit service '" + service + "'");
        }
    }

    static final int WALK_ATTEMPTS = 64;
    static final long MAX_ENUMERATION_STEPS = 2_000_000;

    private final SecureRandom random;
    private final List<RouteCandidate> pool;
    private final int hops;
    private final int[][] next;
    /** walks[k][v]: linked walks of k mixers starting at v whose last mixer the rule accepts. */
    private final double[][] walks;

    private final double total;
    private final String noRoute;
    private volatile boolean enumerationFoundNone;

    RoutePlan(SecureRandom random, List<RouteCandidate> candidates, int hops, LastHop lastHop, String what) {
        this.random = Objects.requireNonNull(random, "random");
        Objects.requireNonNull(lastHop, "lastHop");
        if (hops < 1) {
            throw new IllegalArgumentException("a route needs at least 1 hop, found " + hops);
        }
        this.hops = hops;
        Map<String, RouteCandidate> distinct = new LinkedHashMap<>();
        for (RouteCandidate c : candidates) {
            distinct.putIfAbsent(c.mixerId(), c);
        }
        this.pool = List.copyOf(distinct.values());
        int m = pool.size();
        if (m < hops) {
            throw new NoRouteException("a route needs " + hops + " distinct " + what + ", the directory lists " + m);
        }
        // O(mixers + announced links): a large network's descriptors announce up to 1024 ids each.
        Map<String, Integer> index = new HashMap<>();
        for (int v = 0; v < m; v++) {
            index.put(pool.get(v).mixerId(), v);
        }
        next = new int[m][];
        for (int v = 0; v < m; v++) {
            RouteCandidate c = pool.get(v);
            List<Integer> out = new ArrayList<>();
            if (c.links().isEmpty()) {
                for (int u = 0; u < m; u++) {
                    if (u != v) {
                        out.add(u); // links not announced: linked to all (RouteCandidate#linksTo)
                    }
                }
            } else {
                for (String id : c.links().get().nextHops()) {
                    Integer u = index.get(id);
                    if (u != null && u != v) {
                        out.add(u);
                    }
                }
            }
            next[v] = out.stream().mapToInt(Integer::intValue).toArray();
        }
        walks = new double[hops + 1][m];
        int lastHops = 0;
        for (int v = 0; v < m; v++) {
            if (lastHop.accepts().test(pool.get(v))) {
                walks[1][v] = 1;
                lastHops++;
            }
        }
        for (int k = 2; k <= hops; k++) {
            for (int v = 0; v < m; v++) {
                double sum = 0;
                for (int u : next[v]) {
                    sum += walks[k - 1][u];
                }
                walks[k][v] = sum;
            }
        }
        double sum = 0;
        for (int v = 0; v < m; v++) {
            sum += walks[hops][v];
        }
        this.total = sum;
        String chain = "no chain of " + hops + " distinct " + what
                + " over announced links (each hop announcing the next as a next hop)";
        if (lastHops == 0) {
            this.noRoute = "no route: none of the " + m + " " + what + " " + lastHop.description()
                    + ", and a route's last hop must";
        } else if (lastHop == LastHop.ANY) {
            this.noRoute = "no route: the directory has " + chain;
        } else {
            this.noRoute = "no route: the directory has " + chain + " ending at one of the " + lastHops + " that "
                    + lastHop.description();
        }
        if (total == 0) {
            throw new NoRouteException(noRoute);
        }
    }

    /** The distinct candidates the plan draws from (one per mixer id). */
    public List<RouteCandidate> candidates() {
        return pool;
    }

    /**
     * A route drawn uniformly from every route of the plan's shape.
     *
     * @throws NoRouteException if no route has distinct mixers (the links only form shorter cycles)
     */
    public List<RouteCandidate> pick() {
        if (!enumerationFoundNone) {
            for (int attempt = 0; attempt < WALK_ATTEMPTS; attempt++) {
                int[] walk = walk();
                if (distinct(walk)) {
                    return route(walk);
                }
            }
        }
        return enumerate();
    }

    private int[] walk() {
        int[] walk = new int[hops];
        walk[0] = draw(allMixers(), hops, total);
        for (int i = 1; i < hops; i++) {
            int at = walk[i - 1];
            walk[i] = draw(next[at], hops - i, walks[hops - i + 1][at]);
        }
        return walk;
    }

    private int[] allMixers() {
        int[] all = new int[pool.size()];
        for (int v = 0; v < all.length; v++) {
            all[v] = v;
        }
        return all;
    }

    /** One of {@code choices}, each with probability walks[k][choice] / sum. */
    private int draw(int[] choices, int k, double sum) {
        double target = random.nextDouble() * sum;
        int last = -1;
        for (int c : choices) {
            double w = walks[k][c];
            if (w > 0) {
                last = c;
                if (target < w) {
                    return c;
                }
                target -= w;
            }
        }
        return last; // rounding left a sliver past the end: the last choice with weight
    }

    private static boolean distinct(int[] walk) {
        for (int i = 0; i < walk.length; i++) {
            for (int j = 0; j < i; j++) {
                if (walk[i] == walk[j]) {
                    return false;
                }
            }
        }
        return true;
    }

    private List<RouteCandidate> route(int[] walk) {
        List<RouteCandidate> out = new ArrayList<>(walk.length);
        for (int v : walk) {
            out.add(pool.get(v));
        }
        return List.copyOf(out);
    }

    /** Every route by depth-first search, one kept by reservoir sampling. */
    private List<RouteCandidate> enumerate() {
        Enumeration e = new Enumeration();
        for (int v = 0; v < pool.size() && e.steps < MAX_ENUMERATION_STEPS; v++) {
            if (walks[hops][v] > 0) {
                e.path[0] = v;
                e.used[v] = true;
                e.extend(1);
                e.used[v] = false;
            }
        }
        if (e.found == 0) {
            enumerationFoundNone = e.steps < MAX_ENUMERATION_STEPS;
            throw new NoRouteException(noRoute);
        }
        return route(e.kept);
    }

    private final class Enumeration {
        final int[] path = new int[hops];
        final boolean[] used = new boolean[pool.size()];
        long steps;
        long found;
        int[] kept;

        void extend(int depth) {
            if (++steps > MAX_ENUMERATION_STEPS) {
                return;
            }
            if (depth == hops) {
                found++;
                if (random.nextLong(found) == 0) {
                    kept = path.clone();
                }
                return;
            }
            for (int u : next[path[depth - 1]]) {
                if (!used[u] && walks[hops - depth][u] > 0) {
                    used[u] = true;
                    path[depth] = u;
                    extend(depth + 1);
                    used[u] = false;
                }
            }
        }
    }
}
