/**
 * The SDK's frames inside Sphinx payloads, shared by clients and services: {@link
 * io.kafkamixnet.client.frame.RequestFrame} (a request fragment with its SURB, what a service reads
 * from {@code ExitMessage.payload}), {@link io.kafkamixnet.client.frame.ReplyFrame} (a reply fragment,
 * what a client opens from a reply packet), the {@link io.kafkamixnet.client.frame.MessageId} that ties
 * fragments together, and {@link io.kafkamixnet.client.frame.FragmentAssembly}, the rules by which
 * fragments of one message agree and are joined. Byte layouts are given on each frame class and in
 * {@code docs/client.md} ("Frames and limits").
 *
 * <p>Every decoder checks its input against {@link io.kafkamixnet.client.MessageLimits} and throws
 * {@link io.kafkamixnet.client.frame.FrameException} naming the broken rule with expected and found
 * values, never frame bytes.
 */
package io.kafkamixnet.client.frame;
