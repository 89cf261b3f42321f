package io.kafkamixnet.client.service;

/** What became of one exit message (one request fragment) handed to a {@link MixnetServiceResponder}. */
public enum Disposition {
    /** Its request was handled and every reply packet was acknowledged by the broker. */
    REPLIED,
    /** Its request was answered with an error (handler failure, refusal, or reply too large); acknowledged. */
    ERROR_REPLIED,
    /** Not a valid request fragment, or its SURB was malformed: ignored. */
    MALFORMED,
    /** A fragment with the same message id and index was already held: ignored. */
    DUPLICATE,
    /** Its request was not complete within the reassembly timeout: dropped. */
    EXPIRED,
    /** Its incomplete request was dropped to stay within the memory bound. */
    EVICTED,
    /** Its incomplete request was dropped because the responder closed. */
    DROPPED,
    /** The request's SURB named a first hop that the directory does not list as a RESPONSE mixer: no reply sent. */
    NO_REPLY_ROUTE
}
