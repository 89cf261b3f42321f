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

    /** A candidate announcing {@code nextHops} and {@code exits}. */
    private static RouteCandidate linked(String id, List<String> nextHops, List<String> exits) {
        return new RouteCandidate(
                id,
                "t-" + id,
                MixPrivateKey.generate(1, RANDOM).publicKey(),
                0,
                java.util.Optional.of(io.kafkamixnet.directory.MixerLinks.of(nextHops, exits)));
    }

    @Test
    void aLayeredNetworkIsRoutedOnlyLayerByLayerAndUniformly() {
        // Layers a, b, c of two mixers; each links to both of the next layer; only layer c exits.
        List<RouteCandidate> c = List.of(
                linked("a0", List.of("b0", "b1"), List.of()),
                linked("a1", List.of("b0", "b1"), List.of()),
                linked("b0", List.of("c0", "c1"), List.of()),
                linked("b1", List.of("c0", "c1"), List.of()),
                linked("c0", List.of(), List.of("echo")),
                linked("c1", List.of(), List.of("echo")));
        RoutePlan plan = new RouteSelector(RANDOM).plan(c, 3, RoutePlan.LastHop.exitingTo("echo"), "mixers");
        // 8 routes, 16,000 draws: 2000 expected each, standard deviation ~42; +-350 is over 8 sigma.
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 16_000; i++) {
            List<RouteCandidate> r = plan.pick();
            counts.merge(
                    String.join(">", r.stream().map(RouteCandidate::mixerId).toList()), 1, Integer::sum);
        }
        assertThat(counts.keySet())
                .allSatisfy(route -> assertThat(route).matches("a[01]>b[01]>c[01]"))
                .hasSize(8);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(1650, 2350));
    }

    @Test
    void aRouteThatIsRareAmongWalksIsStillFoundAndIsTheOnlyOne() {
        // 30 pairs linked both ways give 60 three-mixer walks that repeat a mixer; x > y > z is the one
        // route of three distinct mixers. Most draws need the enumeration after the walks fail.
        List<RouteCandidate> c = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            c.add(linked("p" + i, List.of("q" + i), List.of()));
            c.add(linked("q" + i, List.of("p" + i), List.of()));
        }
        c.add(linked("x", List.of("y"), List.of()));
        c.add(linked("y", List.of("z"), List.of()));
        c.add(linked("z", List.of(), List.of()));
        RoutePlan plan = new RouteSelector(RANDOM).plan(c, 3, RoutePlan.LastHop.ANY, "mixers");
        for (int i = 0; i < 20; i++) {
            assertThat(plan.pick()).extracting(RouteCandidate::mixerId).containsExactly("x", "y", "z");
        }
    }

    @Test
    void linksThatOnlyFormCyclesShorterThanTheRouteAreNoRoute() {
        List<RouteCandidate> c = List.of(
                linked("a", List.of("b"), List.of("echo")),
                linked("b", List.of("a"), List.of("echo")),
                linked("lonely", List.of(), List.of()));
        RoutePlan plan = new RouteSelector(RANDOM).plan(c, 3, RoutePlan.LastHop.exitingTo("echo"), "FORWARD mixers");
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(plan::pick)
                    .isInstanceOf(NoRouteException.class)
                    .hasMessage("no route: the directory has no chain of 3 distinct FORWARD mixers over announced"
                            + " links (each hop announcing the next as a next hop) ending at one of the 2 that"
                            + " announces exit service 'echo'");
        }
        assertThatThrownBy(() ->
                        new RouteSelector(RANDOM).plan(c, 2, RoutePlan.LastHop.exitingTo("weather"), "FORWARD mixers"))
                .isInstanceOf(NoRouteException.class)
                .hasMessage("no route: none of the 3 FORWARD mixers announces exit service 'weather', and a"
                        + " route's last hop must");
    }

    @Test
    void aMixerWithoutAnnouncedLinksLinksToEveryoneAndExitsAnywhere() {
        RouteCandidate old = new RouteCandidate(
                "old", "t-old", MixPrivateKey.generate(1, RANDOM).publicKey(), 0);
        RouteCandidate announced = linked("new", List.of(), List.of());
        assertThat(old.linksTo(announced)).isTrue();
        assertThat(old.exitsTo("anything")).isTrue();
        assertThat(announced.linksTo(old)).isFalse();
        assertThat(announced.exitsTo("anything")).isFalse();
    }

    private static RouteCandidate alarmed(String id) {
        return new RouteCandidate(
                id, "t-" + id, MixPrivateKey.generate(1, RANDOM).publicKey(), 0, java.util.Optional.empty(), true);
    }

    @Test
    void aMixerReportingAHeartbeatAlarmIsSkippedWhenTheOthersAllowARoute() {
        RouteSelector s = new RouteSelector(RANDOM);
        List<RouteCandidate> c = new ArrayList<>(candidates(3));
        c.add(alarmed("bad"));
        for (int i = 0; i < 500; i++) {
            assertThat(s.pick(c, 2, "mixers"))
                    .extracting(RouteCandidate::mixerId)
                    .doesNotContain("bad");
        }
        assertThat(s.plansAvoidingAlarmedMixers()).isEqualTo(500);
        assertThat(s.plansWithAlarmedMixers()).isZero();
        // Still uniform among the healthy routes: 6 ordered pairs of 3 mixers, 500 draws above are few;
        // 6000 draws give 1000 expected each, standard deviation ~29.
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 6000; i++) {
            List<RouteCandidate> r = s.pick(c, 2, "mixers");
            counts.merge(r.get(0).mixerId() + ">" + r.get(1).mixerId(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(6);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void anAlarmedMixerIsUsedWhenNoRouteAvoidsIt() {
        RouteSelector s = new RouteSelector(RANDOM);
        List<RouteCandidate> c = new ArrayList<>(candidates(1));
        c.add(alarmed("bad"));
        List<RouteCandidate> route = s.pick(c, 2, "mixers");
        assertThat(route).extracting(RouteCandidate::mixerId).containsExactlyInAnyOrder("m0", "bad");
        assertThat(s.plansWithAlarmedMixers()).isEqualTo(1);
        assertThat(s.plansAvoidingAlarmedMixers()).isZero();

        // Also when the healthy mixers exist but their links or the exit rule leave no route.
        RouteCandidate exitOnlyViaBad = new RouteCandidate(
                "bad2",
                "t-bad2",
                MixPrivateKey.generate(1, RANDOM).publicKey(),
                0,
                java.util.Optional.of(io.kafkamixnet.directory.MixerLinks.of(List.of(), List.of("echo"))),
                true);
        List<RouteCandidate> c2 = List.of(
                linked("a", List.of("b", "bad2"), List.of()), linked("b", List.of("a"), List.of()), exitOnlyViaBad);
        assertThat(s.plan(c2, 2, RoutePlan.LastHop.exitingTo("echo"), "FORWARD mixers")
                        .pick())
                .extracting(RouteCandidate::mixerId)
                .containsExactly("a", "bad2");
        assertThat(s.plansWithAlarmedMixers()).isEqualTo(2);
    }

    @Test
    void avoidingAlarmedMixersCanBeSwitchedOff() {
        RouteSelector s = new RouteSelector(RANDOM, false);
        List<RouteCandidate> c = List.of(alarmed("bad"), candidates(1).get(0));
        List<RouteCandidate> only = new ArrayList<>(candidates(2));
        only.add(alarmed("bad"));
        boolean sawBad = false;
        for (int i = 0; i < 200 && !sawBad; i++) {
            sawBad = s.pick(only, 2, "mixers").stream().anyMatch(RouteCandidate::heartbeatAlarm);
        }
        assertThat(sawBad)
                .as("with avoiding off, an alarmed mixer is as likely as any")
                .isTrue();
        assertThat(s.pick(c, 2, "mixers")).hasSize(2);
        assertThat(s.plansAvoidingAlarmedMixers()).isZero();
        assertThat(s.plansWithAlarmedMixers()).isZero();
    }

    @Test
    void directoryCandidatesCarryTheDescriptorsAlarm() {
        TestMixers mixers = TestMixers.now(2, 1);
        long now = System.currentTimeMillis();
        long epoch = EpochSchedule.defaults().epochAt(now);
        List<MixerInfo> all = new ArrayList<>();
        for (MixerInfo m : mixers.snapshot().all()) {
            all.add(
                    m.mixerId().equals("f1")
                            ? m.toBuilder()
                                    .health(io.kafkamixnet.schemas.MixerHealth.HEARTBEAT_ALARM)
                                    .build()
                            : m.toBuilder()
                                    .health(io.kafkamixnet.schemas.MixerHealth.OK)
                                    .build());
        }
        List<RouteCandidate> c = DirectoryRoutes.candidates(DirectorySnapshot.of(all), MixerRole.FORWARD, epoch, now);
        assertThat(c)
                .filteredOn(RouteCandidate::heartbeatAlarm)
                .extracting(RouteCandidate::mixerId)
                .containsExactly("f1");
        assertThat(new RouteSelector(RANDOM).pick(c, 1, "FORWARD mixers"))
                .extracting(RouteCandidate::mixerId)
                .containsExactly("f0");
    }
}
