/**
 * Writes a complete deployment of one network description: a docker compose project and Kubernetes
 * manifests for the Strimzi operator, from the same plan so the two cannot drift.
 */
package io.kafkamixnet.deploy;
