/**
 * The mixer's own traffic against traffic analysis (docs/defences.md): dummy packets that top up thin
 * flushes or leave at Poisson times, and heartbeat loops (Danezis &amp; Sassaman, 2003) whose missing
 * returns reveal an n-1 attack. Everything here builds real Sphinx packets to routes drawn from the
 * directory; the mixing processor writes them like any released packet, from scratch, inside a
 * flush's shuffled batch. No per-packet series leaves this package, only counters.
 */
package io.kafkamixnet.topology.cover;
