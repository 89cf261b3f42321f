package io.kafkamixnet.client.frame;

import io.kafkamixnet.client.MessageLimits;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One fragment of a request, as carried in the plaintext payload of a forward Sphinx packet (what
 * the exit mixer hands the service in {@code ExitMessage.payload}). Integers are big-endian, lengths
 * unsigned:
 * <pre>
 *   offset  size  field
 *   0       1     version = 0x01
 *   1       16    message id: random per request, the same in every fragment; says nothing about the client
 *   17      1     fragment index, 0..count-1
 *   18      1     fragment count, 1..16
 *   19      4     total length of the request data
 *   23      2     SURB length s, 1..Geometry.maxSurbSize()
 *   25      s     the SURB for this fragment's reply packet: Surb.toBytes() of the packet module
 *                 (0x01 || epoch(8) || n(1) || first response hop id(n) || Sphinx header || reply key(32))
 *   25+s    rest  this fragment's slice of the request data (may be empty)
 * </pre>
 * The data slices, concatenated in index order, are the request; their lengths add up to the total
 * length. A request of k fragments carries k SURBs, so its reply may use up to k reply packets. See
 * {@code docs/client.md}, "Frames and limits". Immutable; {@code toString} shows no bytes.
 */
public final class RequestFrame {

    public static final byte VERSION = 0x01;
    private static final int HEADER = MessageLimits.REQUEST_HEADER_LENGTH;

    private final MessageId messageId;
    private final int index;
    private final int count;
    private final int totalLength;
    private final byte[] surb;
    private final byte[] data;

    public RequestFrame(MessageId messageId, int index, int count, int totalLength, byte[] surb, byte[] data) {
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(surb, "surb");
        Objects.requireNonNull(data, "data");
        checkIndex(index, count);
        if (totalLength < data.length) {
            throw new IllegalArgumentException(
                    "total length " + totalLength + " is less than this fragment's " + data.length + " data bytes");
        }
        if (surb.length < 1 || surb.length > 0xFFFF) {
            throw new IllegalArgumentException("SURB must be 1..65535 bytes, found " + surb.length);
        }
        this.index = index;
        this.count = count;
        this.totalLength = totalLength;
        this.surb = surb.clone();
        this.data = data.clone();
    }

    static void checkIndex(int index, int count) {
        if (count < 1 || count > MessageLimits.MAX_FRAGMENTS) {
            throw new IllegalArgumentException(
                    "fragment count must be 1.." + MessageLimits.MAX_FRAGMENTS + ", found " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("fragment index must be 0.." + (count - 1) + ", found " + index);
        }
    }

    public MessageId messageId() {
        return messageId;
    }

    public int index() {
        return index;
    }

    public int count() {
        return count;
    }

    public int totalLength() {
        return totalLength;
    }

    public byte[] surb() {
        return surb.clone();
    }

    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    /** Encoded length: header, SURB and data. */
    public int encodedLength() {
        return HEADER + surb.length + data.length;
    }

    public byte[] encode() {
        byte[] out = new byte[encodedLength()];
        ByteBuffer b = ByteBuffer.wrap(out);
        b.put(VERSION);
        messageId.writeTo(out, 1);
        b.position(1 + MessageId.LENGTH);
        b.put((byte) index)
                .put((byte) count)
                .putInt(totalLength)
                .putShort((short) surb.length)
                .put(surb)
                .put(data);
        return out;
    }

    /**
     * Parses a request fragment and checks it against {@code limits}.
     *
     * @throws FrameException naming the rule the bytes break
     */
    public static RequestFrame decode(byte[] bytes, MessageLimits limits) throws FrameException {
        if (bytes == null || bytes.length < HEADER + 1) {
            throw new FrameException("a request fragment has at least " + (HEADER + 1) + " bytes, found "
                    + (bytes == null ? "null" : bytes.length));
        }
        if (bytes[0] != VERSION) {
            throw new FrameException("expected request frame version " + VERSION + ", found " + (bytes[0] & 0xFF));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        MessageId id = MessageId.read(bytes, 1);
        b.position(1 + MessageId.LENGTH);
        int index = b.get() & 0xFF;
        int count = b.get() & 0xFF;
        long total = b.getInt() & 0xFFFF_FFFFL;
        int surbLength = b.getShort() & 0xFFFF;
        if (count < 1 || count > MessageLimits.MAX_FRAGMENTS || index >= count) {
            throw new FrameException("expected fragment index < count <= " + MessageLimits.MAX_FRAGMENTS
                    + ", found index " + index + " of " + count);
        }
        if (total > limits.maxRequestBytes()) {
            throw new FrameException(
                    "request total length " + total + " is over the limit of " + limits.maxRequestBytes() + " bytes");
        }
        if (surbLength < 1 || surbLength > limits.geometry().maxSurbSize()) {
            throw new FrameException(
                    "expected a SURB of 1.." + limits.geometry().maxSurbSize() + " bytes, found " + surbLength);
        }
        if (HEADER + surbLength > bytes.length) {
            throw new FrameException(
                    "SURB of " + surbLength + " bytes does not fit in a fragment of " + bytes.length + " bytes");
        }
        int dataLength = bytes.length - HEADER - surbLength;
        if (dataLength > total) {
            throw new FrameException(
                    "fragment carries " + dataLength + " data bytes, more than the total length " + total);
        }
        byte[] surb = Arrays.copyOfRange(bytes, HEADER, HEADER + surbLength);
        byte[] data = Arrays.copyOfRange(bytes, HEADER + surbLength, bytes.length);
        return new RequestFrame(id, index, count, (int) total, surb, data);
    }

    @Override
    public String toString() {
        return "RequestFrame[fragment " + index + "/" + count + ", total=" + totalLength + ", surb=" + surb.length
                + " bytes, data=" + data.length + " bytes]";
    }
}
