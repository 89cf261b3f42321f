package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.NoRouteException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * Picks the mixers of a route uniformly at random among the routes the directory allows. Thread-safe.
 *
 * <p>Security contract: every allowed ordered choice of {@code n} distinct mixers is equally likely
 * (see {@link RoutePlan}, driven by {@link SecureRandom}), so the route reveals nothing about earlier
 * routes or about the client. Allowed: each hop announces the next as a next hop, and the last hop
 * passes the plan's {@link RoutePlan.LastHop} rule. Candidates with the same mixer id (which a healthy
 * directory never lists twice) count once.
 */
public final class RouteSelector {

    private final SecureRandom random;

    public RouteSelector(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * The routes of {@code n} distinct linked candidates ending at one {@code lastHop} accepts.
     *
     * @param what used in error messages, e.g. "FORWARD mixers with a key valid now (epoch 7)"
     * @throws NoRouteException if there are fewer than {@code n} distinct candidates, none that
     *                          {@code lastHop} accepts, or no linked chain of {@code n} ending at one
     */
    public RoutePlan plan(List<RouteCandidate> candidates, int n, RoutePlan.LastHop lastHop, String what) {
        return new RoutePlan(random, candidates, n, lastHop, what);
    }

    /**
     * {@code n} distinct linked candidates in random order, any of them last.
     *
     * @param what used in the error message, e.g. "FORWARD mixers with a key of epoch 7"
     * @throws NoRouteException if there is no such route
     */
    public List<RouteCandidate> pick(List<RouteCandidate> candidates, int n, String what) {
        return plan(candidates, n, RoutePlan.LastHop.ANY, what).pick();
    }
}
