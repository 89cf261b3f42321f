/**
 * The wire envelope of Sphinx packets on mixer ingress topics: {@link
 * io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec} owns the packet format version, the encoding
 * clients and services produce, and the checks a mixer applies when it decodes.
 */
package io.kafkamixnet.schemas.envelope;
