package io.kafkamixnet.packet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A single-use reply block as the service sees it: where to send the reply (the first response
 * mixer's id and the key epoch), a ready-made Sphinx header, and the key with which the service
 * applies the first payload layer. It tells the service nothing about the client.
 *
 * <p>Wire form ({@link #toBytes()}), all integers big-endian:
 * <pre>
 *   0x01 (version) || epoch (8) || n (1) || firstHop (n bytes UTF-8, 1..58) || header || replyKey (32)
 * </pre>
 * The header length follows from the total length. Immutable.
 */
public final class Surb {

    static final byte VERSION = 0x01;
    static final int REPLY_KEY_LENGTH = 32;
    private static final int MIN_HEADER =
            Geometry.GROUP_ELEMENT_LENGTH + Geometry.PER_HOP_ROUTING_LENGTH + Geometry.MAC_LENGTH;

    private final String firstHop;
    private final long epoch;
    private final byte[] header;
    private final byte[] replyKey;

    Surb(String firstHop, long epoch, byte[] header, byte[] replyKey) {
        this.firstHop = firstHop;
        this.epoch = epoch;
        this.header = header;
        this.replyKey = replyKey;
    }

    static int encodedSize(int headerSize, int firstHopLength) {
        return 1 + 8 + 1 + firstHopLength + headerSize + REPLY_KEY_LENGTH;
    }

    /** Mixer id of the first response mixer: the reply packet goes to its ingress topic. */
    public String firstHop() {
        return firstHop;
    }

    /** Key epoch of every hop of the reply route: the reply's envelope carries it. */
    public long epoch() {
        return epoch;
    }

    /** Bytes of the Sphinx header this SURB carries. */
    public int headerSize() {
        return header.length;
    }

    byte[] header() {
        return header;
    }

    byte[] replyKey() {
        return replyKey;
    }

    public byte[] toBytes() {
        byte[] id = firstHop.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(encodedSize(header.length, id.length));
        b.put(VERSION).putLong(epoch).put((byte) id.length).put(id).put(header).put(replyKey);
        return b.array();
    }

    /** Parses {@link #toBytes()}; throws on anything else, never with an unchecked exception. */
    public static Surb fromBytes(byte[] bytes) throws PacketException {
        if (bytes == null) {
            throw new PacketException("expected SURB bytes, found null");
        }
        if (bytes.length < encodedSize(MIN_HEADER, 1)) {
            throw new PacketException(
                    "a SURB has at least " + encodedSize(MIN_HEADER, 1) + " bytes, found " + bytes.length);
        }
        if (bytes[0] != VERSION) {
            throw new PacketException("expected SURB version " + VERSION + ", found " + bytes[0]);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.get();
        long epoch = b.getLong();
        int n = b.get() & 0xFF;
        if (n < 1 || n > Geometry.MAX_ID_LENGTH) {
            throw new PacketException("expected a first-hop id of 1.." + Geometry.MAX_ID_LENGTH + " bytes, found " + n);
        }
        int headerLength = bytes.length - encodedSize(0, n);
        if (headerLength < MIN_HEADER
                || (headerLength - Geometry.GROUP_ELEMENT_LENGTH - Geometry.MAC_LENGTH)
                                % Geometry.PER_HOP_ROUTING_LENGTH
                        != 0) {
            throw new PacketException(
                    "SURB header length " + headerLength + " is not 64 + a positive multiple of 96 bytes");
        }
        String firstHop;
        try {
            firstHop = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 10, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new PacketException("SURB first-hop id is not valid UTF-8");
        }
        byte[] header = Arrays.copyOfRange(bytes, 10 + n, 10 + n + headerLength);
        byte[] key = Arrays.copyOfRange(bytes, 10 + n + headerLength, bytes.length);
        return new Surb(firstHop, epoch, header, key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Surb s
                && s.epoch == epoch
                && s.firstHop.equals(firstHop)
                && Arrays.equals(s.header, header)
                && Arrays.equals(s.replyKey, replyKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(firstHop, epoch, Arrays.hashCode(header));
    }

    @Override
    public String toString() {
        return "Surb[epoch=" + epoch + ", header=" + header.length + " bytes]";
    }
}
