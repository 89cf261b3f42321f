package io.kafkamixnet.client.service;

/**
 * The service's business logic: one whole request in, one whole reply out. It sees only the bytes the
 * client sent: nothing about the client, its route or its reply blocks.
 *
 * <p>Throw {@link RequestRejectedException} to answer with an error text of your choosing; any other
 * exception answers with a generic error (its message is not sent, since it might contain request
 * data). An {@link InterruptedException} (the owner stopping) sends no reply at all: the request's records
 * stay uncommitted and are handled again after a restart. With at-least-once delivery a request can be handled more than once after a crash (see
 * {@link MixnetService}); handlers with side effects should be idempotent.
 */
@FunctionalInterface
public interface RequestHandler {

    /**
     * @param request the request as the client passed it to {@code MixnetClient.request}
     * @return the reply; at most {@code MessageLimits.replyCapacity(fragments)} bytes for a request of
     *         that many fragments, else the client receives an error
     */
    byte[] handle(byte[] request) throws Exception;
}
