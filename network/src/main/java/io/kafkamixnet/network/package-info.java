/**
 * A whole mix network described in one file, and what follows from it for the Kafka cluster that
 * carries it: {@link io.kafkamixnet.network.NetworkDescription} reads and checks the description
 * ({@code network.properties} plus each mixer's own configuration file), {@link
 * io.kafkamixnet.network.RoleAcls} computes the least-privilege ACLs and the client quotas of every
 * principal. {@code mixnet acls} prints and applies them; the Strimzi {@code KafkaUser} resources of
 * {@code deploy/} are generated from the same computation.
 */
package io.kafkamixnet.network;
