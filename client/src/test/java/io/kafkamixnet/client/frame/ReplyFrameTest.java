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

class ReplyFrameTest {

    private static final MessageLimits LIMITS = MessageLimits.defaults();

    @Provide
    Arbitrary<ReplyFrame> frames() {
        Arbitrary<byte[]> ids = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<byte[]> data = Arbitraries.bytes().array(byte[].class).ofMaxSize(LIMITS.replyBytesPerFragment());
        return Combinators.combine(
                        ids,
                        Arbitraries.integers().between(1, 16),
                        Arbitraries.integers().between(0, 15),
                        Arbitraries.of(ReplyStatus.class),
                        data,
                        Arbitraries.integers().between(0, LIMITS.maxReplyBytes()))
                .as((id, count, index, status, d, extra) ->
                        new ReplyFrame(MessageId.of(id), index % count, count, status, Math.max(d.length, extra), d));
    }

    @Property
    void roundTrips(@ForAll("frames") ReplyFrame frame) throws Exception {
        byte[] encoded = frame.encode();
        assertThat(encoded).hasSize(MessageLimits.REPLY_HEADER_LENGTH + frame.dataLength());
        assertThat(encoded.length).isLessThanOrEqualTo(LIMITS.geometry().replyPayloadCapacity());
        ReplyFrame back = ReplyFrame.decode(encoded, LIMITS);
        assertThat(back.messageId()).isEqualTo(frame.messageId());
        assertThat(back.index()).isEqualTo(frame.index());
        assertThat(back.count()).isEqualTo(frame.count());
        assertThat(back.status()).isEqualTo(frame.status());
        assertThat(back.totalLength()).isEqualTo(frame.totalLength());
        assertThat(back.data()).isEqualTo(frame.data());
    }

    @Property(tries = 2000)
    void garbageIsRejectedWithFrameExceptionOnly(@ForAll @Size(max = 1484) byte[] garbage) {
        try {
            assertThat(ReplyFrame.decode(garbage, LIMITS).encode()).isEqualTo(garbage);
        } catch (FrameException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    @Test
    void layoutIsAsDocumented() {
        byte[] id = new byte[16];
        Arrays.fill(id, (byte) 0x5A);
        byte[] e = new ReplyFrame(MessageId.of(id), 1, 4, ReplyStatus.ERROR, 300, new byte[] {4, 5, 6}).encode();
        ByteBuffer b = ByteBuffer.wrap(e);
        assertThat(b.get()).isEqualTo((byte) 1);
        b.position(17);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.get()).isEqualTo((byte) 4);
        assertThat(b.get()).isEqualTo((byte) 1);
        assertThat(b.getInt()).isEqualTo(300);
        assertThat(Arrays.copyOfRange(e, 24, e.length)).containsExactly(4, 5, 6);
    }

    @Test
    void rejectsEachBrokenRule() {
        byte[] good = new ReplyFrame(MessageId.of(new byte[16]), 0, 2, ReplyStatus.OK, 10, new byte[5]).encode();
        assertThatThrownBy(() -> ReplyFrame.decode(Arrays.copyOf(good, 23), LIMITS))
                .hasMessageContaining("at least 24");
        assertThatThrownBy(() -> ReplyFrame.decode(with(good, 0, 3), LIMITS)).hasMessageContaining("version");
        assertThatThrownBy(() -> ReplyFrame.decode(with(good, 17, 2), LIMITS)).hasMessageContaining("index");
        assertThatThrownBy(() -> ReplyFrame.decode(with(good, 18, 0), LIMITS)).hasMessageContaining("index");
        assertThatThrownBy(() -> ReplyFrame.decode(with(good, 19, 2), LIMITS)).hasMessageContaining("status");
        byte[] big = good.clone();
        ByteBuffer.wrap(big).putInt(20, LIMITS.maxReplyBytes() + 1);
        assertThatThrownBy(() -> ReplyFrame.decode(big, LIMITS)).hasMessageContaining("over the limit");
        byte[] small = good.clone();
        ByteBuffer.wrap(small).putInt(20, 4);
        assertThatThrownBy(() -> ReplyFrame.decode(small, LIMITS)).hasMessageContaining("more than the total");
    }

    private static byte[] with(byte[] b, int index, int value) {
        byte[] c = b.clone();
        c[index] = (byte) value;
        return c;
    }

    @Test
    void errorTextIsCutAtACharacterBoundary() {
        assertThat(ReplyFrame.truncateUtf8("aé", 2)).containsExactly('a');
        assertThat(ReplyFrame.truncateUtf8("aé", 3)).hasSize(3);
        assertThat(ReplyFrame.truncateUtf8("€€", 5)).hasSize(3);
    }
}
