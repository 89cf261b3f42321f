package io.kafkamixnet.client.internals;

import io.kafkamixnet.client.NoRouteException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the mixers of a route uniformly at random among the routes the directory allows. Thread-safe.
 *
 * <p>Security contract: every allowed ordered choice of {@code n} distinct mixers is equally likely
 * (see {@link RoutePlan}, driven by {@link SecureRandom}), so the route reveals nothing about earlier
 * routes or about the client. Allowed: each hop announces the next as a next hop, and the last hop
 * passes the plan's {@link RoutePlan.LastHop} rule. Candidates with the same mixer id (which a healthy
 * directory never lists twice) count once.
 *
 * <p>Mixers whose descriptor reports a heartbeat alarm ({@link RouteCandidate#heartbeatAlarm}): when
 * avoiding them is on (the default), a plan is built over the other candidates, and over all of them
 * only when the others allow no route (avoiding them then would stop traffic altogether). Which
 * mixers are avoided follows from the directory alone, the same for every client reading it, so the
 * draw stays uniform among the routes every such client allows and says nothing about this client.
 * Each plan that left an alarmed mixer out is counted ({@link #plansAvoidingAlarmedMixers}), each
 * that had to keep one too ({@link #plansWithAlarmedMixers}); a log line names the alarmed mixers
 * when their set changes.
 */
public final class RouteSelector {

    private static final Logger LOG = LoggerFactory.getLogger(RouteSelector.class);

    private final SecureRandom random;
    private final boolean avoidAlarmed;
    private final LongAdder avoiding = new LongAdder();
    private final LongAdder fallback = new LongAdder();
    private final AtomicReference<String> lastLogged = new AtomicReference<>("");

    /** A selector that avoids mixers reporting a heartbeat alarm when it can. */
    public RouteSelector(SecureRandom random) {
        this(random, true);
    }

    /**
     * @param avoidAlarmed whether plans leave out mixers whose descriptor reports a heartbeat alarm
     *                     when the other mixers allow a route
     */
    public RouteSelector(SecureRandom random, boolean avoidAlarmed) {
        this.random = Objects.requireNonNull(random, "random");
        this.avoidAlarmed = avoidAlarmed;
    }

    /**
     * The routes of {@code n} distinct linked candidates ending at one {@code lastHop} accepts; without
     * the candidates reporting a heartbeat alarm when the others allow a route (and avoiding is on).
     *
     * @param what used in error messages, e.g. "FORWARD mixers with a key valid now (epoch 7)"
     * @throws NoRouteException if there are fewer than {@code n} distinct candidates, none that
     *                          {@code lastHop} accepts, or no linked chain of {@code n} ending at one
     */
    public RoutePlan plan(List<RouteCandidate> candidates, int n, RoutePlan.LastHop lastHop, String what) {
        if (avoidAlarmed && candidates.stream().anyMatch(RouteCandidate::heartbeatAlarm)) {
            Set<String> alarmed = new TreeSet<>();
            candidates.stream().filter(RouteCandidate::heartbeatAlarm).forEach(c -> alarmed.add(c.mixerId()));
            List<RouteCandidate> healthy =
                    candidates.stream().filter(c -> !c.heartbeatAlarm()).toList();
            try {
                RoutePlan p = new RoutePlan(random, healthy, n, lastHop, what + " without a heartbeat alarm");
                p.pick(); // a plan can exist and still hold no route of distinct mixers: fall back then too
                avoiding.increment();
                logOnChange(alarmed, "Routes avoid mixers whose descriptor reports a heartbeat alarm: {}");
                return p;
            } catch (NoRouteException e) {
                fallback.increment();
                logOnChange(
                        alarmed,
                        "Routes use mixers whose descriptor reports a heartbeat alarm, {}: the other mixers allow"
                                + " no route");
            }
        }
        return new RoutePlan(random, candidates, n, lastHop, what);
    }

    /**
     * {@code n} distinct linked candidates in random order, any of them last (alarmed mixers avoided as
     * in {@link #plan}).
     *
     * @param what used in the error message, e.g. "FORWARD mixers with a key of epoch 7"
     * @throws NoRouteException if there is no such route
     */
    public List<RouteCandidate> pick(List<RouteCandidate> candidates, int n, String what) {
        return plan(candidates, n, RoutePlan.LastHop.ANY, what).pick();
    }

    /** Plans built without some candidate because its descriptor reports a heartbeat alarm. */
    public long plansAvoidingAlarmedMixers() {
        return avoiding.sum();
    }

    /** Plans that kept alarmed candidates because the others allowed no route. */
    public long plansWithAlarmedMixers() {
        return fallback.sum();
    }

    private void logOnChange(Set<String> alarmed, String message) {
        String now = message + alarmed;
        if (!now.equals(lastLogged.getAndSet(now))) {
            // Mixer ids are public (the directory lists them); the route itself is never logged.
            LOG.warn(message, alarmed);
        }
    }
}
