package io.kafkamixnet.attack;

/**
 * One record of the mixer's relay output (the peer's ingress topic) as a broker operator reads it: its
 * offset and its timestamp (ms since the epoch; the broker's append time of the record's produce batch:
 * packet topics are {@code LogAppendTime}). Its bytes are a Sphinx packet of fixed size under the peer's key: nothing in them tells
 * a dummy from a real packet to anyone without that key.
 */
public record RelayObservation(long offset, long timestampMs) {}
