package io.kafkamixnet.client.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.client.MessageLimits;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RequestFrameTest {

    private static final MessageLimits LIMITS = MessageLimits.defaults();

    @Provide
    Arbitrary<RequestFrame> frames() {
        Arbitrary<byte[]> ids = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<Integer> counts = Arbitraries.integers().between(1, 16);
        Arbitrary<byte[]> surbs = Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(1)
                .ofMaxSize(LIMITS.geometry().maxSurbSize());
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(LIMITS.requestBytesPerFragment());
        return Combinators.combine(
                        ids,
                        counts,
                        surbs,
                        data,
                        Arbitraries.integers().between(0, 15),
                        Arbitraries.integers().between(0, LIMITS.maxRequestBytes()))
                .as((id, count, surb, d, index, extra) -> {
                    int total = Math.min(LIMITS.maxRequestBytes(), Math.max(d.length, extra));
                    return new RequestFrame(MessageId.of(id), index % count, count, total, surb, d);
                });
    }

    @Property
    void roundTrips(@ForAll("frames") RequestFrame frame) throws Exception {
        byte[] encoded = frame.encode();
        assertThat(encoded).hasSize(frame.encodedLength());
        RequestFrame back = RequestFrame.decode(encoded, LIMITS);
        assertThat(back.messageId()).isEqualTo(frame.messageId());
        assertThat(back.index()).isEqualTo(frame.index());
        assertThat(back.count()).isEqualTo(frame.count());
        assertThat(back.totalLength()).isEqualTo(frame.totalLength());
        assertThat(back.surb()).isEqualTo(frame.surb());
        assertThat(back.data()).isEqualTo(frame.data());
        assertThat(back.encode()).isEqualTo(encoded);
    }

    @Property
    void truncatedHeaderOrSurbIsRejected(@ForAll("frames") RequestFrame frame) {
        byte[] encoded = frame.encode();
        int headerAndSurb = MessageLimits.REQUEST_HEADER_LENGTH + frame.surb().length;
        for (int n = 0; n < headerAndSurb; n++) {
            byte[] cut = Arrays.copyOf(encoded, n);
            assertThatThrownBy(() -> RequestFrame.decode(cut, LIMITS)).isInstanceOf(FrameException.class);
        }
    }

    @Property(tries = 2000)
    void garbageIsRejectedWithFrameExceptionOnly(@ForAll @Size(max = 1484) byte[] garbage) {
        try {
            RequestFrame f = RequestFrame.decode(garbage, LIMITS);
            assertThat(f.encode()).isEqualTo(garbage); // whatever parses, re-encodes to the same bytes
        } catch (FrameException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Test
    void layoutIsAsDocumented() throws Exception {
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) 0xAB);
        RequestFrame f = new RequestFrame(MessageId.of(id), 2, 3, 1000, new byte[] {9, 8, 7}, new byte[] {1, 2});
        byte[] e = f.encode();
        ByteBuffer b = ByteBuffer.wrap(e);
        assertThat(b.get()).isEqualTo((byte) 1);
        byte[] readId = new byte[16];
        b.get(readId);
        assertThat(readId).isEqualTo(id);
        assertThat(b.get()).isEqualTo((byte) 2);
        assertThat(b.get()).isEqualTo((byte) 3);
        assertThat(b.getInt()).isEqualTo(1000);
        assertThat(b.getShort()).isEqualTo((short) 3);
        assertThat(Arrays.copyOfRange(e, 25, 28)).containsExactly(9, 8, 7);
        assertThat(Arrays.copyOfRange(e, 28, 30)).containsExactly(1, 2);
        assertThat(e).hasSize(30);
    }

    @Test
    void rejectsEachBrokenRule() {
        byte[] good = new RequestFrame(MessageId.of(new byte[16]), 0, 2, 10, new byte[600], new byte[5]).encode();
        assertRejected(with(good, 0, 2), "version");
        assertRejected(with(good, 17, 2), "index"); // index == count
        assertRejected(with(good, 18, 0), "count"); // count 0
        assertRejected(with(with(good, 18, 17), 17, 0), "16"); // count 17
        byte[] bigTotal = good.clone();
        ByteBuffer.wrap(bigTotal).putInt(19, LIMITS.maxRequestBytes() + 1);
        assertRejected(bigTotal, "over the limit");
        byte[] smallTotal = good.clone();
        ByteBuffer.wrap(smallTotal).putInt(19, 4);
        assertRejected(smallTotal, "more than the total length");
        byte[] surbTooLong = good.clone();
        ByteBuffer.wrap(surbTooLong).putShort(23, (short) (LIMITS.geometry().maxSurbSize() + 1));
        assertRejected(surbTooLong, "SURB");
        byte[] surbPastEnd = good.clone();
        ByteBuffer.wrap(surbPastEnd).putShort(23, (short) 606);
        assertRejected(surbPastEnd, "does not fit");
        byte[] noSurb = good.clone();
        ByteBuffer.wrap(noSurb).putShort(23, (short) 0);
        assertRejected(noSurb, "SURB");
    }

    @Test
    void messagesNeverContainFrameBytes() {
        byte[] good =
                new RequestFrame(MessageId.of(new byte[16]), 0, 1, 6, new byte[600], "SECRET".getBytes()).encode();
        good[0] = 7;
        assertThatThrownBy(() -> RequestFrame.decode(good, LIMITS)).hasMessageNotContaining("SECRET");
        assertThat(new RequestFrame(MessageId.of(new byte[16]), 0, 1, 6, new byte[1], "SECRET".getBytes()).toString())
                .doesNotContain("SECRET");
    }

    private static byte[] with(byte[] b, int index, int value) {
        byte[] c = b.clone();
        c[index] = (byte) value;
        return c;
    }

    private static void assertRejected(byte[] bytes, String messagePart) {
        assertThatThrownBy(() -> RequestFrame.decode(bytes, LIMITS))
                .isInstanceOf(FrameException.class)
                .hasMessageContaining(messagePart);
    }
}
