package io.kafkamixnet.client.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The send queue's promise: the number of packets that leave depends on the rate and the time only,
 * not on how many real packets there are; real packets leave in order, in place of cover.
 */
class ShapedSenderTest {

    @Test
    void realPacketsTakeTheSlotsOfCoverAndTheVolumeStaysTheRate() throws Exception {
        AtomicInteger cover = new AtomicInteger();
        List<Integer> real = new ArrayList<>();
        ShapedSender shaper = new ShapedSender(200, new SecureRandom(), cover::incrementAndGet).start();
        try {
            Thread.sleep(300);
            for (int i = 0; i < 40; i++) { // a burst, far beyond what one slot takes
                int n = i;
                shaper.enqueue(() -> {
                    synchronized (real) {
                        real.add(n);
                    }
                });
            }
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> shaper.realSent() == 40);
            synchronized (real) {
                assertThat(real).as("in order").isSorted().hasSize(40);
            }
            assertThat(shaper.queued()).isZero();
            assertThat(shaper.coverSent()).isEqualTo(cover.get());
        } finally {
            shaper.close();
        }
    }

    @Test
    void aBurstDoesNotAddPackets() throws Exception {
        // The volume is the schedule's whatever is queued: every slot sends exactly one packet, real or cover,
        // so a burst only changes which packets fill the slots, never how many there are. Counted, not timed:
        // a busy machine may delay slots, but cannot make a slot send two packets.
        AtomicInteger cover = new AtomicInteger();
        ShapedSender shaper = new ShapedSender(200, new SecureRandom(), cover::incrementAndGet).start();
        try {
            for (int i = 0; i < 50; i++) {
                shaper.enqueue(() -> {});
            }
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> shaper.realSent() == 50 && shaper.coverSent() > 0);
        } finally {
            shaper.close();
        }
        assertThat(shaper.realSent() + shaper.coverSent()).isEqualTo(shaper.slots());
        assertThat(shaper.coverSent()).isEqualTo(cover.get());
    }

    @Test
    void leftoversAreHandedBackOnClose() {
        ShapedSender shaper = new ShapedSender(0.001, new SecureRandom(), () -> {});
        shaper.start();
        shaper.enqueue(() -> {});
        shaper.enqueue(() -> {});
        List<Runnable> left = new ArrayList<>();
        shaper.close(left::add);
        assertThat(left).hasSize(2);
    }

    @Test
    void refusesANonPositiveRate() {
        assertThatThrownBy(() -> new ShapedSender(0, new SecureRandom(), () -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 0.0");
    }
}
