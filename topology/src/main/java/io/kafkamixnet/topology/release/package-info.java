/**
 * Release policies: the rule of each mixing strategy, behind one small interface,
 * {@link io.kafkamixnet.topology.release.ReleasePolicy}. A policy sees only arrival and due times
 * of the held packets ({@link io.kafkamixnet.topology.release.HeldPackets}) and answers which of
 * them leave on an arrival or on a wall-clock tick, and how often it must tick. It never touches a
 * store or a record, so each is tested alone, without a topology.
 *
 * <p>Each {@code MixingStrategy} record creates its policy ({@code MixingStrategy.releasePolicy()}).
 * This package depends on nothing else of the mixer; the processor and the sealed pool depend on it.
 */
package io.kafkamixnet.topology.release;
