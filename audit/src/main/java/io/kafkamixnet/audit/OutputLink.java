package io.kafkamixnet.audit;

/**
 * One output record of a mixer with what the adversary derived about it.
 *
 * @param mixer the mixer whose producer wrote it
 * @param kind next hop or exit
 * @param record where it is in the log
 * @param inputs which of this mixer's input records it came from (one hop on its own)
 * @param senders which first-hop sender it came from (every hop before it composed)
 * @param released packets released by the flush (transaction) it left in
 */
public record OutputLink(
        ObservedMixer mixer,
        OutputKind kind,
        LoggedRecord record,
        Distribution inputs,
        Distribution senders,
        long released) {}
