package io.kafkamixnet.packet;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@link HopInstruction} into its 64-byte command slot and back:
 *
 * <pre>
 *   [0]      type: 0x01 Relay, 0x02 Exit, 0x03 DeliverReply, 0x04 Drop
 *   [1..5)   delay in milliseconds, unsigned 32-bit big-endian
 *   Relay, Exit:   [5] id length n (1..58), [6..6+n) UTF-8 id, then zeros to byte 64
 *   DeliverReply:  [5..21) SURB id, then zeros
 *   Drop:          zeros
 * </pre>
 *
 * Decoding is strict: unknown type, bad length, invalid UTF-8 or a non-zero byte where zeros belong
 * is malformed.
 */
final class CommandCodec {

    static final byte RELAY = 0x01;
    static final byte EXIT = 0x02;
    static final byte DELIVER_REPLY = 0x03;
    static final byte DROP = 0x04;

    private CommandCodec() {}

    /** Writes the 64-byte slot at {@code dst[off]}; the slot must be zeroed already. */
    static void encode(HopInstruction instruction, byte[] dst, int off) {
        long d = instruction.delayMillis();
        dst[off + 1] = (byte) (d >>> 24);
        dst[off + 2] = (byte) (d >>> 16);
        dst[off + 3] = (byte) (d >>> 8);
        dst[off + 4] = (byte) d;
        RoutingCommand c = instruction.command();
        if (c instanceof RoutingCommand.Relay r) {
            dst[off] = RELAY;
            writeId(r.mixerId(), dst, off);
        } else if (c instanceof RoutingCommand.Exit e) {
            dst[off] = EXIT;
            writeId(e.service(), dst, off);
        } else if (c instanceof RoutingCommand.DeliverReply dr) {
            dst[off] = DELIVER_REPLY;
            dr.surbId().writeTo(dst, off + 5);
        } else {
            dst[off] = DROP;
        }
    }

    private static void writeId(String id, byte[] dst, int off) {
        byte[] b = id.getBytes(StandardCharsets.UTF_8);
        dst[off + 5] = (byte) b.length;
        System.arraycopy(b, 0, dst, off + 6, b.length);
    }

    /** The instruction in the slot at {@code src[off]}, or null when the slot is malformed. */
    static HopInstruction decode(byte[] src, int off) {
        long delay = ((src[off + 1] & 0xFFL) << 24)
                | ((src[off + 2] & 0xFFL) << 16)
                | ((src[off + 3] & 0xFFL) << 8)
                | (src[off + 4] & 0xFFL);
        RoutingCommand command;
        int used;
        switch (src[off]) {
            case RELAY, EXIT -> {
                int n = src[off + 5] & 0xFF;
                if (n < 1 || n > Geometry.MAX_ID_LENGTH) {
                    return null;
                }
                String id = utf8(src, off + 6, n);
                if (id == null) {
                    return null;
                }
                try {
                    command = src[off] == RELAY ? new RoutingCommand.Relay(id) : new RoutingCommand.Exit(id);
                } catch (IllegalArgumentException e) {
                    return null;
                }
                used = 6 + n;
            }
            case DELIVER_REPLY -> {
                byte[] id = new byte[SurbId.LENGTH];
                System.arraycopy(src, off + 5, id, 0, SurbId.LENGTH);
                command = new RoutingCommand.DeliverReply(SurbId.of(id));
                used = 5 + SurbId.LENGTH;
            }
            case DROP -> {
                command = new RoutingCommand.Drop();
                used = 5;
            }
            default -> {
                return null;
            }
        }
        for (int i = used; i < Geometry.COMMAND_LENGTH; i++) {
            if (src[off + i] != 0) {
                return null;
            }
        }
        return new HopInstruction(delay, command);
    }

    private static String utf8(byte[] src, int off, int len) {
        boolean ascii = true;
        for (int i = 0; i < len; i++) {
            ascii &= src[off + i] >= 0;
        }
        if (ascii) { // the common case, without a decoder allocation: ASCII is valid UTF-8 as it is
            return new String(src, off, len, StandardCharsets.US_ASCII);
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(src, off, len))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
