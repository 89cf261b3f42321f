package io.kafkamixnet.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.packet.Geometry;
import org.junit.jupiter.api.Test;

class MessageLimitsTest {

    private final MessageLimits limits = MessageLimits.defaults();

    @Test
    void defaultLimitsAreTheDocumentedNumbers() {
        assertThat(Geometry.defaults().forwardPayloadCapacity()).isEqualTo(1484);
        assertThat(Geometry.defaults().maxSurbSize()).isEqualTo(644);
        assertThat(limits.requestBytesPerFragment()).isEqualTo(815);
        assertThat(limits.maxRequestBytes()).isEqualTo(13_040);
        assertThat(limits.replyBytesPerFragment()).isEqualTo(1460);
        assertThat(limits.maxReplyBytes()).isEqualTo(23_360);
        assertThat(limits.replyCapacity(1)).isEqualTo(1460);
    }

    @Test
    void fragmentCountFollowsDataAndReplyCapacity() {
        assertThat(limits.fragmentsFor(0, 0)).isEqualTo(1);
        assertThat(limits.fragmentsFor(815, 0)).isEqualTo(1);
        assertThat(limits.fragmentsFor(816, 0)).isEqualTo(2);
        assertThat(limits.fragmentsFor(10, 1460)).isEqualTo(1);
        assertThat(limits.fragmentsFor(10, 1461)).isEqualTo(2);
        assertThat(limits.fragmentsFor(10, 23_360)).isEqualTo(16);
    }

    @Test
    void requestAtTheLimitFitsAndOneByteOverIsAClearError() {
        assertThat(limits.fragmentsFor(13_040, 0)).isEqualTo(16);
        assertThatThrownBy(() -> limits.fragmentsFor(13_041, 0))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("request of 13041 bytes is over the limit of 13040 bytes");
    }

    @Test
    void replyCapacityAtTheLimitFitsAndOneByteOverIsAClearError() {
        assertThat(limits.fragmentsFor(0, 23_360)).isEqualTo(16);
        assertThatThrownBy(() -> limits.fragmentsFor(0, 23_361))
                .isInstanceOf(MessageTooLargeException.class)
                .hasMessageContaining("reply capacity of 23361 bytes is over the limit of 23360 bytes");
    }

    @Test
    void geometryTooSmallForASurbIsRefused() {
        assertThatThrownBy(() -> MessageLimits.of(Geometry.of(5, 1024)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too small");
        MessageLimits bigger = MessageLimits.of(Geometry.of(3, 4096));
        assertThat(bigger.requestBytesPerFragment())
                .isEqualTo(bigger.geometry().forwardPayloadCapacity()
                        - 25
                        - bigger.geometry().maxSurbSize());
    }
}
