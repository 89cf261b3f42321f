package io.kafkamixnet.audit;

/**
 * One release of one mixer task, as read from its {@code pool-meta} changelog.
 *
 * @param partition the task's partition (ingress partition)
 * @param atMillis the timestamp of the count record that shows the release
 * @param held packets held just before
 * @param kept packets held just after
 * @param hopEntropy entropy of a released packet over this mixer's input records, bits
 * @param senderEntropy entropy of a released packet over first-hop senders, bits
 */
public record ReleaseView(
        ObservedMixer mixer,
        int partition,
        long atMillis,
        long held,
        long kept,
        double hopEntropy,
        double senderEntropy) {

    public long released() {
        return held - kept;
    }
}
