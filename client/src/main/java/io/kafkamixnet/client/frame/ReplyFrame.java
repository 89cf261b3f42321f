package io.kafkamixnet.client.frame;

import io.kafkamixnet.client.MessageLimits;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One fragment of a reply, as the service puts it into a reply packet built from the SURB of a
 * request fragment (and as the client reads it after {@code Sphinx.openReply}). Integers are
 * big-endian, lengths unsigned:
 * <pre>
 *   offset  size  field
 *   0       1     version = 0x01
 *   1       16    message id of the request it answers (checked by the client)
 *   17      1     reply fragment index, 0..count-1
 *   18      1     reply fragment count, 1..(number of SURBs the request carried)
 *   19      1     status: 0 = OK, 1 = ERROR
 *   20      4     total length of the reply data
 *   24      rest  this fragment's slice of the reply data (may be empty)
 * </pre>
 * An ERROR reply is one fragment whose data is a UTF-8 text chosen by the service. Reply fragment j
 * travels through the SURB of request fragment j. See {@code docs/client.md}, "Frames and limits".
 * Immutable; {@code toString} shows no bytes.
 */
public final class ReplyFrame {

    public static final byte VERSION = 0x01;
    private static final int HEADER = MessageLimits.REPLY_HEADER_LENGTH;

    private final MessageId messageId;
    private final int index;
    private final int count;
    private final ReplyStatus status;
    private final int totalLength;
    private final byte[] data;

    public ReplyFrame(MessageId messageId, int index, int count, ReplyStatus status, int totalLength, byte[] data) {
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.status = Objects.requireNonNull(status, "status");
        Objects.requireNonNull(data, "data");
        RequestFrame.checkIndex(index, count);
        if (totalLength < data.length) {
            throw new IllegalArgumentException(
                    "total length " + totalLength + " is less than this fragment's " + data.length + " data bytes");
        }
        this.index = index;
        this.count = count;
        this.totalLength = totalLength;
        this.data = data.clone();
    }

    /**
     * The OK reply frames of {@code result}: as few fragments as hold it (at least one), each of at most
     * {@link MessageLimits#replyBytesPerFragment()} data bytes.
     *
     * @throws IllegalArgumentException if the result needs more than {@link MessageLimits#MAX_FRAGMENTS} fragments
     */
    public static List<ReplyFrame> ok(MessageId messageId, byte[] result, MessageLimits limits) {
        int per = limits.replyBytesPerFragment();
        int count = Math.max(1, (result.length + per - 1) / per);
        byte[][] slices = FragmentAssembly.split(result, count, per);
        List<ReplyFrame> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new ReplyFrame(messageId, i, count, ReplyStatus.OK, result.length, slices[i]));
        }
        return out;
    }

    /** The one ERROR reply frame carrying {@code text} in UTF-8, cut at a character boundary to fit one fragment. */
    public static ReplyFrame error(MessageId messageId, String text, MessageLimits limits) {
        byte[] b = truncateUtf8(text, limits.replyBytesPerFragment());
        return new ReplyFrame(messageId, 0, 1, ReplyStatus.ERROR, b.length, b);
    }

    /** The UTF-8 bytes of {@code text}, cut to at most {@code max} bytes at a character boundary. */
    static byte[] truncateUtf8(String text, int max) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int cut = max;
        while (cut > 0 && (b[cut] & 0xC0) == 0x80) {
            cut--; // b[cut] is a continuation byte: the character starting before it does not fit
        }
        byte[] out = new byte[cut];
        System.arraycopy(b, 0, out, 0, cut);
        return out;
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

    public ReplyStatus status() {
        return status;
    }

    public int totalLength() {
        return totalLength;
    }

    public byte[] data() {
        return data.clone();
    }

    public int dataLength() {
        return data.length;
    }

    public byte[] encode() {
        byte[] out = new byte[HEADER + data.length];
        messageId.writeTo(out, 1);
        out[0] = VERSION;
        ByteBuffer b = ByteBuffer.wrap(out);
        b.position(1 + MessageId.LENGTH);
        b.put((byte) index)
                .put((byte) count)
                .put((byte) status.code())
                .putInt(totalLength)
                .put(data);
        return out;
    }

    /**
     * Parses a reply fragment and checks it against {@code limits}.
     *
     * @throws FrameException naming the rule the bytes break
     */
    public static ReplyFrame decode(byte[] bytes, MessageLimits limits) throws FrameException {
        if (bytes == null || bytes.length < HEADER) {
            throw new FrameException("a reply fragment has at least " + HEADER + " bytes, found "
                    + (bytes == null ? "null" : bytes.length));
        }
        if (bytes[0] != VERSION) {
            throw new FrameException("expected reply frame version " + VERSION + ", found " + (bytes[0] & 0xFF));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        MessageId id = MessageId.read(bytes, 1);
        b.position(1 + MessageId.LENGTH);
        int index = b.get() & 0xFF;
        int count = b.get() & 0xFF;
        ReplyStatus status = ReplyStatus.fromCode(b.get() & 0xFF);
        long total = b.getInt() & 0xFFFF_FFFFL;
        if (count < 1 || count > MessageLimits.MAX_FRAGMENTS || index >= count) {
            throw new FrameException("expected fragment index < count <= " + MessageLimits.MAX_FRAGMENTS
                    + ", found index " + index + " of " + count);
        }
        if (total > limits.maxReplyBytes()) {
            throw new FrameException(
                    "reply total length " + total + " is over the limit of " + limits.maxReplyBytes() + " bytes");
        }
        int dataLength = bytes.length - HEADER;
        if (dataLength > total) {
            throw new FrameException(
                    "fragment carries " + dataLength + " data bytes, more than the total length " + total);
        }
        return new ReplyFrame(id, index, count, status, (int) total, Arrays.copyOfRange(bytes, HEADER, bytes.length));
    }

    @Override
    public String toString() {
        return "ReplyFrame[fragment " + index + "/" + count + ", " + status + ", total=" + totalLength + ", data="
                + data.length + " bytes]";
    }
}
