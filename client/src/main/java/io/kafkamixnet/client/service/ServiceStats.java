package io.kafkamixnet.client.service;

/**
 * Counters of a {@link MixnetServiceResponder} since it started. Aggregates only.
 *
 * @param fragments         exit messages accepted
 * @param requests          whole requests handed to the handler
 * @param replied           requests answered with their reply (all reply packets acknowledged)
 * @param errorReplies      requests answered with an error (handler failure, refusal, reply too large)
 * @param handlerFailures   handler invocations that threw something other than {@link RequestRejectedException}
 * @param malformed         exit messages that were no valid request fragment (or carried a malformed SURB)
 * @param duplicates        fragments received twice
 * @param expired           incomplete requests dropped at the reassembly timeout
 * @param evicted           incomplete requests dropped for the memory bound
 * @param noReplyRoute      requests whose SURB named no RESPONSE mixer of the directory
 * @param replyPacketsSent  reply packets acknowledged by the broker
 * @param pendingRequests   incomplete requests held now
 * @param bufferedBytes     fragment bytes held now
 */
public record ServiceStats(
        long fragments,
        long requests,
        long replied,
        long errorReplies,
        long handlerFailures,
        long malformed,
        long duplicates,
        long expired,
        long evicted,
        long noReplyRoute,
        long replyPacketsSent,
        int pendingRequests,
        long bufferedBytes) {}
