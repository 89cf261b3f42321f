package io.kafkamixnet.client.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ServiceMeterBinderTest {

    @Test
    void metersReadTheStatsWhenScrapedAndCarryOnlyTheGivenTags() {
        AtomicReference<ServiceStats> stats =
                new AtomicReference<>(new ServiceStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new ServiceMeterBinder(stats, stats::get, Tags.of("service", "echo")).bindTo(registry);

        assertThat(registry.get("mixnet.service.requests").functionCounter().count())
                .isEqualTo(2.0);
        assertThat(registry.get("mixnet.service.no.reply.route")
                        .functionCounter()
                        .count())
                .isEqualTo(10.0);
        assertThat(registry.get("mixnet.service.buffered.bytes").gauge().value())
                .isEqualTo(13.0);

        stats.set(new ServiceStats(1, 20, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 0));
        assertThat(registry.get("mixnet.service.requests").functionCounter().count())
                .isEqualTo(20.0);
        assertThat(registry.get("mixnet.service.requests.pending").gauge().value())
                .isZero();

        assertThat(registry.getMeters()).hasSize(13);
        for (Meter m : registry.getMeters()) {
            assertThat(m.getId().getTags()).containsExactly(io.micrometer.core.instrument.Tag.of("service", "echo"));
        }
    }
}
