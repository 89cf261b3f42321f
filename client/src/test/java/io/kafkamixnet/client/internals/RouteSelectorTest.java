package io.kafkamixnet.client.internals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.client.NoRouteException;
import io.kafkamixnet.client.testing.TestMixers;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.directory.EpochPublicKey;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.MixerIdentity;
import io.kafkamixnet.directory.MixerInfo;
import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.schemas.MixerRole;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteSelectorTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static List<RouteCandidate> candidates(int n) {
        List<RouteCandidate> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new RouteCandidate(
                    "m" + i, "t" + i, MixPrivateKey.generate(1, RANDOM).publicKey(), 0));
        }
        return out;
    }

    @Test
    void picksDistinctMixers() {
        RouteSelector s = new RouteSelector(RANDOM);
        List<RouteCandidate> c = candidates(3);
        for (int i = 0; i < 500; i++) {
            List<RouteCandidate> route = s.pick(c, 3, "mixers");
            assertThat(new HashSet<>(route.stream().map(RouteCandidate::mixerId).toList()))
                    .hasSize(3);
        }
    }

    @Test
    void duplicateIdsInTheDirectoryCountOnce() {
        RouteSelector s = new RouteSelector(RANDOM);
        List<RouteCandidate> c = new ArrayList<>(candidates(1));
        c.add(new RouteCandidate(
                "m0", "other", MixPrivateKey.generate(1, RANDOM).publicKey(), 0));
        assertThatThrownBy(() -> s.pick(c, 2, "FORWARD mixers"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("a route needs 2 distinct FORWARD mixers, the directory lists 1");
    }

    @Test
    void everyOrderedPairIsAboutEquallyLikely() {
        // 20 ordered pairs of 5 mixers, 20,000 draws: 1000 expected each, standard deviation ~31.
        // A bound of +-250 (8 sigma) never fails by chance but catches any bias towards position or order.
        RouteSelector s = new RouteSelector(RANDOM);
        List<RouteCandidate> c = candidates(5);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 20_000; i++) {
            List<RouteCandidate> r = s.pick(c, 2, "mixers");
            counts.merge(r.get(0).mixerId() + ">" + r.get(1).mixerId(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(20);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(750, 1250));
    }

    @Test
    void directoryCandidatesAreTheMixersOfTheRoleWithAKeyValidNow() {
        EpochSchedule schedule = EpochSchedule.defaults();
        long now = System.currentTimeMillis();
        long epoch = schedule.epochAt(now);
        TestMixers mixers = TestMixers.create(schedule, epoch, 2, 1, "");
        // A forward mixer that only has a key of the next epoch is not usable yet (the fixture's have both).
        MixPrivateKey next = MixPrivateKey.generate(epoch + 1, RANDOM);
        MixerInfo early = MixerInfo.builder()
                .mixerId("f-next")
                .role(MixerRole.FORWARD)
                .ingressTopic("t-next")
                .identity(MixerIdentity.generate())
                .epochKeys(List.of(EpochPublicKey.of(next.publicKey(), schedule)))
                .publishedAtMillis(now)
                .sequence(1)
                .build();
        List<MixerInfo> all = new ArrayList<>(mixers.snapshot().all());
        all.add(early);
        DirectorySnapshot snapshot = DirectorySnapshot.of(all);

        assertThat(DirectoryRoutes.candidates(snapshot, MixerRole.FORWARD, epoch, now))
                .extracting(RouteCandidate::mixerId)
                .containsExactlyInAnyOrder("f0", "f1");
        assertThat(DirectoryRoutes.candidates(snapshot, MixerRole.RESPONSE, epoch, now))
                .extracting(RouteCandidate::mixerId)
                .containsExactly("r0");
        assertThat(DirectoryRoutes.candidates(snapshot, MixerRole.FORWARD, epoch + 1, schedule.startMillis(epoch + 1)))
                .extracting(RouteCandidate::mixerId)
                .containsExactlyInAnyOrder("f0", "f1", "f-next");
        RouteCandidate f0 = DirectoryRoutes.candidates(snapshot, MixerRole.FORWARD, epoch, now).stream()
                .filter(c -> c.mixerId().equals("f0"))
                .findFirst()
                .orElseThrow();
        assertThat(f0.ingressTopic()).isEqualTo("ingress-f0");
        assertThat(f0.graceUntilMillis()).isEqualTo(schedule.graceUntilMillis(epoch));
    }

    @Test
    void repliesGoOnlyToResponseMixers() {
        TestMixers mixers = TestMixers.now(2, 1);
        DirectorySnapshot snapshot = mixers.snapshot();
        assertThat(DirectoryRoutes.responseIngress(snapshot, "r0")).contains("ingress-r0");
        assertThat(DirectoryRoutes.responseIngress(snapshot, "f0")).isEmpty();
        assertThat(DirectoryRoutes.responseIngress(snapshot, "nobody")).isEmpty();
    }
}
