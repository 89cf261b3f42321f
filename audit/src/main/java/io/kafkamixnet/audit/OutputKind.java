package io.kafkamixnet.audit;

/** Where a mixer's output record went. */
public enum OutputKind {
    /** To another mixer's ingress topic: an input of the next hop. */
    NEXT_HOP,
    /** Out of the network: a service's exit topic or the reply inbox. */
    EXIT,
    /** A rejection record: written at intake, not at a release. */
    DEAD_LETTER
}
