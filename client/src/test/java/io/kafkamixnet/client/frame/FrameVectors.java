package io.kafkamixnet.client.frame;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kafkamixnet.client.MessageLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates {@code frame-vectors.json}: request and reply frames of the SDK (docs/client.md, "Frames
 * and limits") for the default geometry, single fragments and messages split over several fragments,
 * both the way the SDK splits (full fragments first) and other splits a receiver must accept as well.
 * Values are fixed (bytes from seeded generators), so {@link FrameVectorsTest} can compare the output
 * with the committed file.
 */
final class FrameVectors {

    /** The committed file, relative to the module directory (where Maven runs tests). */
    static final Path FILE = Path.of("src/test/resources/frame-vectors.json");

    static final MessageLimits LIMITS = MessageLimits.defaults();
    private static final HexFormat HEX = HexFormat.of();

    private FrameVectors() {}

    /** A request message and the data lengths of its fragments, in index order. */
    record RequestCase(String name, String note, byte[] message, int[] split, long seed) {}

    /** A reply message, its status and the data lengths of its fragments, in index order. */
    record ReplyCase(String name, String note, ReplyStatus status, byte[] message, int[] split, long seed) {}

    static List<RequestCase> requests() {
        byte[] big = bytes(2000, 20);
        int per = LIMITS.requestBytesPerFragment();
        return List.of(
                new RequestCase(
                        "request-one-fragment",
                        "a 5-byte request in one fragment",
                        "hello".getBytes(StandardCharsets.UTF_8),
                        new int[] {5},
                        10),
                new RequestCase(
                        "request-sdk-split",
                        "2000 bytes split as the SDK does: full fragments of requestBytesPerFragment first",
                        big,
                        new int[] {per, per, 2000 - 2 * per},
                        11),
                new RequestCase(
                        "request-other-split",
                        "the same 2000 bytes split otherwise: the SDK never sends this, every receiver accepts it",
                        big,
                        new int[] {600, per, 2000 - 600 - per},
                        12),
                new RequestCase(
                        "request-extra-surb",
                        "10 bytes in two fragments, the second empty: it only carries one more SURB for a larger reply",
                        "ten bytes!".getBytes(StandardCharsets.UTF_8),
                        new int[] {10, 0},
                        13));
    }

    static List<ReplyCase> replies() {
        byte[] big = bytes(2000, 30);
        int per = LIMITS.replyBytesPerFragment();
        return List.of(
                new ReplyCase(
                        "reply-one-fragment",
                        "an OK reply in one fragment",
                        ReplyStatus.OK,
                        "re:hello".getBytes(StandardCharsets.UTF_8),
                        new int[] {8},
                        21),
                new ReplyCase(
                        "reply-sdk-split",
                        "a 2000-byte OK reply split as the SDK does: full fragments of replyBytesPerFragment first",
                        ReplyStatus.OK,
                        big,
                        new int[] {per, 2000 - per},
                        22),
                new ReplyCase(
                        "reply-other-split",
                        "the same reply split otherwise: the SDK never sends this, the client accepts it",
                        ReplyStatus.OK,
                        big,
                        new int[] {1000, 1000},
                        23),
                new ReplyCase(
                        "reply-error",
                        "an ERROR reply: one fragment, UTF-8 text chosen by the service",
                        ReplyStatus.ERROR,
                        "the service failed to handle the request".getBytes(StandardCharsets.UTF_8),
                        new int[] {"the service failed to handle the request".length()},
                        24));
    }

    /** The request frames of {@code c}: SURB of fragment i is 120 fixed bytes (opaque to the frame layer). */
    static List<RequestFrame> frames(RequestCase c) {
        MessageId id = MessageId.of(bytes(MessageId.LENGTH, c.seed()));
        byte[][] slices = slices(c.message(), c.split());
        List<RequestFrame> out = new ArrayList<>();
        for (int i = 0; i < slices.length; i++) {
            byte[] surb = bytes(120, c.seed() * 100 + i);
            out.add(new RequestFrame(id, i, slices.length, c.message().length, surb, slices[i]));
        }
        return out;
    }

    static List<ReplyFrame> frames(ReplyCase c) {
        MessageId id = MessageId.of(bytes(MessageId.LENGTH, c.seed()));
        byte[][] slices = slices(c.message(), c.split());
        List<ReplyFrame> out = new ArrayList<>();
        for (int i = 0; i < slices.length; i++) {
            out.add(new ReplyFrame(id, i, slices.length, c.status(), c.message().length, slices[i]));
        }
        return out;
    }

    static String generate() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put(
                "description",
                "Request and reply frames of the mixnet SDK (docs/client.md, Frames and limits). Generated by"
                        + " FrameVectors.java, checked by FrameVectorsTest. All byte values are hex. A request frame"
                        + " is the plaintext payload of a forward packet (ExitMessage.payload at the service); a reply"
                        + " frame is the plaintext a client gets from opening a reply packet. 'surb' is opaque to"
                        + " the frame layer: here fixed random bytes, on the network Surb.toBytes() (packet-format.md).");
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("geometry", "maxHops 5, packetSize 2048 (the default)");
        limits.put("requestHeaderLength", MessageLimits.REQUEST_HEADER_LENGTH);
        limits.put("replyHeaderLength", MessageLimits.REPLY_HEADER_LENGTH);
        limits.put("maxFragments", MessageLimits.MAX_FRAGMENTS);
        limits.put("maxSurbSize", LIMITS.geometry().maxSurbSize());
        limits.put("requestBytesPerFragment", LIMITS.requestBytesPerFragment());
        limits.put("replyBytesPerFragment", LIMITS.replyBytesPerFragment());
        limits.put("maxRequestBytes", LIMITS.maxRequestBytes());
        limits.put("maxReplyBytes", LIMITS.maxReplyBytes());
        doc.put("limits", limits);
        List<Object> requests = new ArrayList<>();
        for (RequestCase c : requests()) {
            List<Object> fragments = new ArrayList<>();
            for (RequestFrame f : frames(c)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("messageId", HEX.formatHex(f.messageId().bytes()));
                m.put("index", f.index());
                m.put("count", f.count());
                m.put("totalLength", f.totalLength());
                m.put("surb", HEX.formatHex(f.surb()));
                m.put("data", HEX.formatHex(f.data()));
                m.put("frame", HEX.formatHex(f.encode()));
                fragments.add(m);
            }
            requests.add(message(c.name(), c.note(), null, c.message(), fragments));
        }
        doc.put("requests", requests);
        List<Object> replies = new ArrayList<>();
        for (ReplyCase c : replies()) {
            List<Object> fragments = new ArrayList<>();
            for (ReplyFrame f : frames(c)) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("messageId", HEX.formatHex(f.messageId().bytes()));
                m.put("index", f.index());
                m.put("count", f.count());
                m.put("status", f.status().code());
                m.put("totalLength", f.totalLength());
                m.put("data", HEX.formatHex(f.data()));
                m.put("frame", HEX.formatHex(f.encode()));
                fragments.add(m);
            }
            replies.add(message(c.name(), c.note(), c.status(), c.message(), fragments));
        }
        doc.put("replies", replies);
        try {
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter();
            printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writer(printer)
                            .writeValueAsString(doc)
                            .replace("\r\n", "\n")
                    + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> message(
            String name, String note, ReplyStatus status, byte[] message, List<Object> fragments) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("note", note);
        if (status != null) {
            m.put("status", status.name());
        }
        m.put("message", HEX.formatHex(message));
        m.put("fragments", fragments);
        return m;
    }

    private static byte[][] slices(byte[] message, int[] split) {
        if (Arrays.stream(split).sum() != message.length) {
            throw new IllegalArgumentException(
                    "split " + Arrays.toString(split) + " is not " + message.length + " bytes");
        }
        byte[][] out = new byte[split.length][];
        int off = 0;
        for (int i = 0; i < split.length; i++) {
            out[i] = Arrays.copyOfRange(message, off, off + split[i]);
            off += split[i];
        }
        return out;
    }

    static byte[] bytes(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }
}
