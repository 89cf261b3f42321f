/**
 * Mixers as Kafka Streams applications: timed, threshold, pool and continuous mixing without Kafka
 * undoing the mixing. The full design, with the reasons, is in {@code docs/mixing.md}; this is the
 * summary a reader of the code needs.
 *
 * <h2>Public API</h2>
 * {@link io.kafkamixnet.topology.MixerConfig} (immutable, validated settings from a properties
 * file), {@link io.kafkamixnet.topology.MixerConfigDef} (every setting declared once, as a Kafka
 * {@code ConfigDef}), {@link io.kafkamixnet.topology.MixerApplication} (start, close, metrics; what
 * the CLI and the demo run), {@link io.kafkamixnet.topology.MixerTopology} (the topology itself, for
 * TopologyTestDriver), {@link io.kafkamixnet.topology.MixingStrategy},
 * {@link io.kafkamixnet.topology.RejectionReason}, {@link io.kafkamixnet.topology.MixerMetrics} and
 * {@link io.kafkamixnet.topology.serde.AvroSerde}, {@link io.kafkamixnet.topology.TopologyNames} (node
 * and store names) and the release policies in {@code io.kafkamixnet.topology.release}. Everything in
 * {@code internals} may change. The packet format, and with it the partition binding
 * ({@link io.kafkamixnet.packet.PartitionBinding}), is the {@code packet} module's; the wire envelope
 * is the {@code schemas} module's {@code PacketEnvelopeCodec}. Epochs,
 * epoch keys, the mixer identity and descriptors come from the {@code directory} module
 * ({@code EpochSchedule}, {@code EpochKeyRing}, {@code MixerIdentity}, {@code DirectoryPublisher}); the
 * key files, among them the pool-store key ({@link io.kafkamixnet.keys.PoolStoreKey}), from the
 * {@code keys} module; the role is the schemas' {@code MixerRole}, the same value a descriptor announces.
 *
 * <h2>Where things are</h2>
 * One stream task runs a {@code MixProcessor}: intake → release policy → release. {@code Intake}
 * runs the checks below and the replay check ({@link io.kafkamixnet.topology.internals.ReplayTags});
 * {@code DeadLetters} accounts for a refusal; the strategy's
 * {@link io.kafkamixnet.topology.release.ReleasePolicy} ({@link MixingStrategy#releasePolicy()}) says
 * what leaves on an arrival or a wall-clock tick; {@link io.kafkamixnet.topology.internals.SealedPool}
 * holds the packets and is the only writer of the {@code pool} and {@code pool-meta} stores (its
 * Javadoc is the changelog's security contract); the processor writes what leaves. The processor
 * knows no strategy by name; {@code docs/architecture.md} lists what a new strategy touches.
 * {@link MixerApplication} composes provisioning ({@code MixerTopics}),
 * the Kafka Streams lifecycle ({@code MixerStreams}) and the housekeeping thread ({@code Housekeeping}:
 * {@code EpochKeyRotator}, {@code DescriptorAnnouncer}, {@code PartitionCountRefresher}).
 *
 * <h2>One packet</h2>
 * Raw bytes in (no deserializer can fail) → size bound → decode {@code PacketEnvelope} → format
 * version → packet size → partition binding → epoch accepted now and key held → Sphinx unwrap (MAC,
 * command, exit payload integrity) → command allowed by role and configuration (a Relay names a
 * configured next hop, an Exit a configured service: a packet never chooses a topic) → hop delay
 * admitted by the release policy (continuous: at most {@code strategy.max-delay}) → replay tag unseen under this epoch (then recorded) → held. Any
 * failure is counted by {@link io.kafkamixnet.topology.RejectionReason} and written to the
 * dead-letter topic with reason, mixer id, epoch and source coordinates, never packet bytes; the
 * mixer goes on with the next record.
 *
 * <h2>Batching is per partition</h2>
 * A stream task owns one ingress partition, its pool and its replay tags: the anonymity set of a
 * batch is the packets of one partition. More partitions let more instances share the work, and
 * divide the traffic, so each batch is smaller for the same delay. Size partitions for the
 * anonymity you need first, for throughput second.
 *
 * <h2>What Kafka must not leak</h2>
 * Every egress record is built new: null key, no headers, the flush time as timestamp, a partition
 * drawn with {@code SecureRandom} (or, for a next hop's ingress, bound to the fresh packet by
 * {@link io.kafkamixnet.packet.PartitionBinding}), a fresh Fisher-Yates order per batch. There
 * is no repartition topic. Held packets live in the {@code pool} store, one entry per packet under
 * a random 16-byte key, padded to one size and sealed with AES-256-GCM under the mixer-local
 * {@link io.kafkamixnet.keys.PoolStoreKey}, so the changelog written at intake holds nothing of
 * what will leave. Released entries are never deleted one by one (which would tell a changelog
 * reader which intake left in which flush): the pool is emptied whole, or rewritten whole under
 * fresh keys after sealed release marks under random keys (pool mix: once the marked entries
 * outnumber the held ones, so a round writes O(released); continuous mix: every rekey interval).
 */
package io.kafkamixnet.topology;
