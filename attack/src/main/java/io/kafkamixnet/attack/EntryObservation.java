package io.kafkamixnet.attack;

/**
 * One record of the mixer's ingress topic as a broker operator sees it: its offset, its timestamp (ms
 * since the epoch) and who produced it — {@code producer-<id>} from the record batch's producer id
 * when derived from the broker's log segments.
 */
public record EntryObservation(long offset, long timestampMs, String sender) {}
