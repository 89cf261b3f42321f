package io.kafkamixnet.client;

/**
 * Counters of a {@link MixnetClient} since it started. Aggregates only: never anything per message.
 *
 * @param requestsSent            requests whose packets were handed to the producer
 * @param packetsSent             forward packets the broker acknowledged
 * @param repliesCompleted        requests completed with their whole reply
 * @param serviceErrors           requests the service answered with an error
 * @param requestsTimedOut        requests failed at their deadline (their SURBs dropped)
 * @param requestsFailed          requests failed otherwise (no route, produce error, bad reply, close)
 * @param directoryFailures       of {@code requestsFailed}, those failed before sending because the
 *                                directory gave no route: {@link NoRouteException} (too few usable
 *                                mixers) or {@link InvalidDirectoryException} (the snapshot source failed,
 *                                or an entry could not be packed)
 * @param inboxRecords            records read from the shared reply inbox
 * @param repliesNotOurs          inbox records for SURBs this client does not know: replies to other
 *                                clients (the normal case on a shared inbox)
 * @param repliesForExpiredSurbs  inbox records for SURBs of this client that were already used or whose
 *                                request had ended (late or duplicate replies): ignored
 * @param repliesRejected         reply packets that failed their integrity check or carried a bad frame
 * @param undecodableInboxRecords inbox records that were not an {@code InboxMessage}
 * @param pendingRequests         requests waiting for their reply now
 * @param loopsSent               loop packets sent ({@code loopCoverTraffic}; 0 when off)
 * @param loopsReturned           of them, those that came back through the reply inbox
 * @param loopAlarm               whether too few loops came back in the last test window (a statistical
 *                                test at the configured false-alarm rate): the client's traffic may be
 *                                held back, e.g. by an n-1 attack on a mixer of its path (docs/defences.md)
 * @param alarmedMixersAvoided    route plans (two per request: forward and SURB; one per drop or loop)
 *                                built without the mixers whose descriptor reports a heartbeat alarm
 *                                ({@code avoidAlarmedMixers}, docs/client.md)
 * @param alarmedMixersUsed       route plans that kept such mixers because the others allowed no route
 */
public record MixnetClientStats(
        long requestsSent,
        long packetsSent,
        long repliesCompleted,
        long serviceErrors,
        long requestsTimedOut,
        long requestsFailed,
        long directoryFailures,
        long inboxRecords,
        long repliesNotOurs,
        long repliesForExpiredSurbs,
        long repliesRejected,
        long undecodableInboxRecords,
        int pendingRequests,
        long loopsSent,
        long loopsReturned,
        boolean loopAlarm,
        long alarmedMixersAvoided,
        long alarmedMixersUsed) {}
