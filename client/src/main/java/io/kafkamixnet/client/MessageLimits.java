package io.kafkamixnet.client;

import io.kafkamixnet.packet.Geometry;
import java.util.Objects;

/**
 * How many bytes a request and its reply may have in one packet {@link Geometry}, and how a message
 * is split into fragments. See {@code docs/client.md} ("Frames and limits").
 *
 * <p>A request travels in up to {@link #MAX_FRAGMENTS} forward packets; each fragment carries the
 * frame header, one reply block (SURB) and a slice of the data. The reply travels in at most as many
 * reply packets as the request carried SURBs. With the default geometry (2048-byte packets):
 * <ul>
 *   <li>request data per fragment: 1484 − 25 (frame header) − 644 (largest SURB) = 815 bytes;
 *       largest request: 16 × 815 = 13,040 bytes;</li>
 *   <li>reply data per fragment: 1484 − 24 (frame header) = 1460 bytes; largest reply:
 *       16 × 1460 = 23,360 bytes, provided the request carried 16 SURBs.</li>
 * </ul>
 * The per-fragment data capacity assumes the largest SURB the geometry allows (a first response hop
 * id of {@link Geometry#MAX_ID_LENGTH} bytes), so the limits do not depend on the names of mixers.
 *
 * <p>Immutable.
 */
public final class MessageLimits {

    /** Most fragments of one request, and so most reply packets of one reply. */
    public static final int MAX_FRAGMENTS = 16;

    /** Bytes of the request frame header before the SURB (see {@code docs/client.md}). */
    public static final int REQUEST_HEADER_LENGTH = 1 + 16 + 1 + 1 + 4 + 2;
    /** Bytes of the reply frame header before the data. */
    public static final int REPLY_HEADER_LENGTH = 1 + 16 + 1 + 1 + 1 + 4;

    private static final MessageLimits DEFAULTS = new MessageLimits(Geometry.defaults());

    private final Geometry geometry;
    private final int requestBytesPerFragment;
    private final int replyBytesPerFragment;

    private MessageLimits(Geometry geometry) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.requestBytesPerFragment =
                geometry.forwardPayloadCapacity() - REQUEST_HEADER_LENGTH - geometry.maxSurbSize();
        this.replyBytesPerFragment = geometry.replyPayloadCapacity() - REPLY_HEADER_LENGTH;
        if (requestBytesPerFragment < 1 || replyBytesPerFragment < 1) {
            throw new IllegalArgumentException("packets of " + geometry
                    + " are too small for the request frame: a forward"
                    + " payload of " + geometry.forwardPayloadCapacity() + " bytes must hold a " + REQUEST_HEADER_LENGTH
                    + "-byte header, a SURB of up to " + geometry.maxSurbSize() + " bytes and at least one data byte");
        }
    }

    /** The limits of the default geometry (2048-byte packets, 5 hops). */
    public static MessageLimits defaults() {
        return DEFAULTS;
    }

    /** The limits of {@code geometry}; throws if its forward packets cannot carry a SURB and a data byte. */
    public static MessageLimits of(Geometry geometry) {
        return Geometry.defaults().equals(geometry) ? DEFAULTS : new MessageLimits(geometry);
    }

    public Geometry geometry() {
        return geometry;
    }

    /** Request bytes one fragment carries (815 with the default geometry). */
    public int requestBytesPerFragment() {
        return requestBytesPerFragment;
    }

    /** Reply bytes one reply packet carries (1460 with the default geometry). */
    public int replyBytesPerFragment() {
        return replyBytesPerFragment;
    }

    /** Largest request (13,040 bytes with the default geometry). */
    public int maxRequestBytes() {
        return MAX_FRAGMENTS * requestBytesPerFragment;
    }

    /** Largest reply of any request (23,360 bytes with the default geometry; needs a 16-fragment request). */
    public int maxReplyBytes() {
        return MAX_FRAGMENTS * replyBytesPerFragment;
    }

    /** Largest reply a request of {@code fragments} fragments (so as many SURBs) can receive. */
    public int replyCapacity(int fragments) {
        if (fragments < 1 || fragments > MAX_FRAGMENTS) {
            throw new IllegalArgumentException("fragments must be 1.." + MAX_FRAGMENTS + ", found " + fragments);
        }
        return fragments * replyBytesPerFragment;
    }

    /**
     * How many fragments a request of {@code requestLength} bytes needs so that it fits and carries
     * enough SURBs for a reply of up to {@code replyCapacity} bytes.
     *
     * @throws MessageTooLargeException if the request or the reply capacity is over the limit
     */
    public int fragmentsFor(int requestLength, int replyCapacity) {
        if (requestLength < 0 || replyCapacity < 0) {
            throw new IllegalArgumentException(
                    "lengths must be >= 0, found request " + requestLength + " and reply capacity " + replyCapacity);
        }
        if (requestLength > maxRequestBytes()) {
            throw new MessageTooLargeException("request of " + requestLength + " bytes is over the limit of "
                    + maxRequestBytes() + " bytes (" + MAX_FRAGMENTS + " fragments of " + requestBytesPerFragment
                    + " bytes for " + geometry + ")");
        }
        if (replyCapacity > maxReplyBytes()) {
            throw new MessageTooLargeException("reply capacity of " + replyCapacity + " bytes is over the limit of "
                    + maxReplyBytes() + " bytes (" + MAX_FRAGMENTS + " reply packets of " + replyBytesPerFragment
                    + " bytes for " + geometry + ")");
        }
        int forData = ceilDiv(requestLength, requestBytesPerFragment);
        int forReply = ceilDiv(replyCapacity, replyBytesPerFragment);
        return Math.max(1, Math.max(forData, forReply));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageLimits m && m.geometry.equals(geometry);
    }

    @Override
    public int hashCode() {
        return geometry.hashCode();
    }

    @Override
    public String toString() {
        return "MessageLimits[request<=" + maxRequestBytes() + " (" + requestBytesPerFragment + "/fragment), reply<="
                + maxReplyBytes() + " (" + replyBytesPerFragment + "/packet), fragments<=" + MAX_FRAGMENTS + "]";
    }
}
