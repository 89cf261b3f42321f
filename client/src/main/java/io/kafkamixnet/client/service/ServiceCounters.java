package io.kafkamixnet.client.service;

import java.util.concurrent.atomic.LongAdder;

/** The counters behind {@link ServiceStats}, shared by the responder and its reply producer. Thread-safe. */
final class ServiceCounters {

    final LongAdder fragments = new LongAdder();
    final LongAdder requests = new LongAdder();
    final LongAdder replied = new LongAdder();
    final LongAdder errorReplies = new LongAdder();
    final LongAdder handlerFailures = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder expired = new LongAdder();
    final LongAdder evicted = new LongAdder();
    final LongAdder noReplyRoute = new LongAdder();
    final LongAdder replyPacketsSent = new LongAdder();

    ServiceStats stats(int pendingRequests, long bufferedBytes) {
        return new ServiceStats(
                fragments.sum(),
                requests.sum(),
                replied.sum(),
                errorReplies.sum(),
                handlerFailures.sum(),
                malformed.sum(),
                duplicates.sum(),
                expired.sum(),
                evicted.sum(),
                noReplyRoute.sum(),
                replyPacketsSent.sum(),
                pendingRequests,
                bufferedBytes);
    }
}
