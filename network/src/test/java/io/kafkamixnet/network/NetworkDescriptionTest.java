package io.kafkamixnet.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.schemas.MixerRole;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkDescriptionTest {

    @TempDir
    Path dir;

    @Test
    void readsTheCommittedDemoNetwork() throws IOException {
        NetworkDescription n = NetworkDescription.load(DemoNetworkFiles.networkFile());

        assertThat(n.directoryTopic()).isEqualTo("mixnet-demo.directory");
        assertThat(n.epochSchedule().epochLength()).isEqualTo(Duration.ofHours(1));
        assertThat(n.epochSchedule().grace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(n.mixers()).containsOnlyKeys("mix-1", "mix-2", "resp-1");
        assertThat(n.forwardMixers()).containsOnlyKeys("mix-1", "mix-2");
        assertThat(n.responseMixers()).containsOnlyKeys("resp-1");
        NetworkMixer mix1 = n.mixers().get("mix-1");
        assertThat(mix1.principal()).isEqualTo("mix-1");
        assertThat(mix1.config().ingressTopic()).isEqualTo("mixnet-demo.mix-1.in");
        assertThat(mix1.config().applicationId()).isEqualTo("mixnet-demo-mix-1");
        assertThat(mix1.internalPrefix()).isEqualTo("mixnet-demo-mix-1-");
        assertThat(mix1.transactional()).isTrue();
        // Paths in the mixer file resolve against the mixer file, as the mixer resolves them.
        assertThat(mix1.config().keyDirectory())
                .isEqualTo(DemoNetworkFiles.networkFile()
                        .toAbsolutePath()
                        .getParent()
                        .resolve("keys/mix-1")
                        .normalize());
        NetworkService echo = n.services().get("echo");
        assertThat(echo.exitTopic()).isEqualTo("mixnet-demo.exit.echo");
        assertThat(echo.groupId()).isEqualTo("mixnet-demo-echo");
        assertThat(echo.replyThrough()).containsExactly("resp-1");
        assertThat(echo.principal()).isEqualTo("service-echo");
        assertThat(n.clients().principals()).containsExactly("client");
        assertThat(n.clients().inboxTopics()).containsExactly("mixnet-demo.replies");
        assertThat(n.clients().inboxGroupPrefix()).hasValue("mixnet-inbox-");
        assertThat(n.clients().quota().producerByteRate()).hasValue(262144);
        assertThat(n.auditor()).map(NetworkAuditor::principal).hasValue("auditor");
        assertThat(n.adminPrincipal()).isEqualTo("admin");
        assertThat(n.users()).containsExactly("admin", "mix-1", "mix-2", "resp-1", "service-echo", "auditor", "client");
        assertThat(n.topics())
                .containsExactly(
                        "mixnet-demo.directory",
                        "mixnet-demo.mix-1.in",
                        "mixnet-demo.mix-1.in.dead-letter",
                        "mixnet-demo.mix-2.in",
                        "mixnet-demo.exit.echo",
                        "mixnet-demo.mix-2.in.dead-letter",
                        "mixnet-demo.resp-1.in",
                        "mixnet-demo.resp-1.in.dead-letter",
                        "mixnet-demo.replies");
    }

    // A small valid network written to a temp dir; each test breaks one thing.

    private final Map<String, String> mixerFiles = new java.util.LinkedHashMap<>();
    private final Map<String, String> network = new java.util.LinkedHashMap<>();

    @BeforeEach
    void smallNetwork() {
        mixerFiles.put("a", forward("a", "b"));
        mixerFiles.put("b", forward("b", "a"));
        mixerFiles.put("r", """
                mixer.id=r
                mixer.role=response
                strategy=timed
                strategy.interval=1s
                topic.ingress=r.in
                topic.reply-inbox=replies
                keys.dir=keys/r
                directory.topic=dir
                """);
        network.put("directory.topic", "dir");
        network.put("mixer.a.config", "a.properties");
        network.put("mixer.b.config", "b.properties");
        network.put("mixer.r.config", "r.properties");
        network.put("service.svc.exit-topic", "exit.svc");
        network.put("service.svc.reply-through", "r");
    }

    private static String forward(String id, String other) {
        return """
                mixer.id=%1$s
                mixer.role=forward
                strategy=timed
                strategy.interval=1s
                topic.ingress=%1$s.in
                next-hop.%2$s=%2$s.in
                exit.svc=exit.svc
                keys.dir=keys/%1$s
                directory.topic=dir
                """.formatted(id, other);
    }

    private NetworkDescription load() throws IOException {
        for (Map.Entry<String, String> e : mixerFiles.entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".properties"), e.getValue(), StandardCharsets.UTF_8);
        }
        StringBuilder s = new StringBuilder();
        network.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
        Path file = dir.resolve("network.properties");
        Files.writeString(file, s, StandardCharsets.UTF_8);
        return NetworkDescription.load(file);
    }

    @Test
    void defaultsFollowTheMixersAndTheDocumentedNames() throws IOException {
        NetworkDescription n = load();

        assertThat(n.mixers().get("a").principal()).isEqualTo("a");
        assertThat(n.services().get("svc").principal()).isEqualTo("service-svc");
        assertThat(n.services().get("svc").groupId()).isEqualTo("mixnet-service.exit.svc");
        assertThat(n.clients().principals()).containsExactly("client");
        assertThat(n.clients().inboxTopics()).containsExactly("replies");
        assertThat(n.clients().quota()).isEqualTo(ClientQuota.NONE);
        assertThat(n.auditor()).isEmpty();
        assertThat(n.epochSchedule()).isEqualTo(n.mixers().get("a").config().epochSchedule());
        assertThat(n.mixers().get("r").role()).isEqualTo(MixerRole.RESPONSE);
    }

    @Test
    void unknownKeysAreReportedTogether() {
        network.put("client.principal", "x");
        network.put("service.svc.groupid", "g");

        assertThatThrownBy(this::load)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("network.properties")
                .hasMessageContaining("unknown setting(s) [client.principal, service.svc.groupid]");
    }

    @Test
    void aMissingMixerFileIsNamed() {
        network.put("mixer.a.config", "nope.properties");

        assertThatThrownBy(this::load)
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("nope.properties")
                .hasMessageContaining("mixer.a.config must name a mixer configuration file");
    }

    @Test
    void theMixerFileMustConfigureTheMixerItIsListedAs() {
        network.put("mixer.c.config", "a.properties");

        assertThatThrownBy(this::load)
                .hasMessageContaining("mixer.c.config=a.properties must configure mixer c, found mixer.id=a");
    }

    @Test
    void everyMixerPublishesToTheNetworksDirectory() {
        mixerFiles.put("b", forward("b", "a").replace("directory.topic=dir", "directory.topic=other"));

        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "mixer b must publish to the network's directory.topic=dir, found directory.topic=other");
    }

    @Test
    void everyMixerRunsOnTheNetworksEpochClock() {
        network.put("epoch.length", "30m");
        network.put("epoch.grace", "5m");

        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "mixer a must run on the network's epoch clock (epoch.length=PT30M, epoch.grace=PT5M)")
                .hasMessageContaining("found epoch.length=PT1H");
    }

    @Test
    void epochLengthAndGraceGoTogether() {
        network.put("epoch.length", "30m");

        assertThatThrownBy(this::load).hasMessageContaining("epoch.length and epoch.grace go together");
    }

    @Test
    void aNextHopMustBeAMixerOfTheNetworkAtItsIngress() {
        mixerFiles.put("a", forward("a", "b").replace("next-hop.b=b.in", "next-hop.b=b.other"));

        assertThatThrownBy(this::load)
                .hasMessageContaining("mixer a has next-hop.b=b.other, expected mixer b's topic.ingress=b.in");

        mixerFiles.put("a", forward("a", "z"));
        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "mixer a has next-hop.z but the network has no mixer z; expected one of [a, b, r]");
    }

    private static String withResponseLoops(String mixerFile, String entry) {
        return mixerFile + """
                heartbeat.rate=1
                heartbeat.paths=forward,response
                heartbeat.entry.%s
                heartbeat.reply-inbox=replies
                topics.provision=none
                """.formatted(entry);
    }

    @Test
    void aForwardMixersReplyLoopsEnterResponseMixersAtTheirIngressAndComeBackOnTheirInbox() throws IOException {
        mixerFiles.put("a", withResponseLoops(forward("a", "b"), "r=r.in"));
        RoleAcls acls = RoleAcls.of(load());

        // Exactly one WRITE more (r's ingress) and one READ more (the inbox) than mixer b, which has no loops.
        List<String> a = acls.bindingsOf("User:a").stream()
                .map(b -> b.entry().operation() + " " + b.pattern().resourceType() + " "
                        + b.pattern().name())
                .toList();
        assertThat(a)
                .containsExactlyInAnyOrder(
                        "READ TOPIC a.in",
                        "READ GROUP mixnet-mixer-a",
                        "READ TOPIC mixnet-mixer-a-",
                        "WRITE TOPIC mixnet-mixer-a-",
                        "CREATE TOPIC mixnet-mixer-a-",
                        "WRITE TRANSACTIONAL_ID mixnet-mixer-a-",
                        "DESCRIBE TRANSACTIONAL_ID mixnet-mixer-a-",
                        "WRITE TOPIC b.in",
                        "WRITE TOPIC exit.svc",
                        "WRITE TOPIC r.in",
                        "READ TOPIC replies",
                        "WRITE TOPIC a.in.dead-letter",
                        "WRITE TOPIC dir",
                        "READ TOPIC dir");
        assertThat(acls.bindingsOf("User:b").stream().map(x -> x.pattern().name()))
                .doesNotContain("replies", "r.in");

        mixerFiles.put("a", withResponseLoops(forward("a", "b"), "r=r.other"));
        assertThatThrownBy(this::load)
                .hasMessageContaining("mixer a has heartbeat.entry.r=r.other, expected mixer r's topic.ingress=r.in");
        mixerFiles.put("a", withResponseLoops(forward("a", "b"), "z=z.in"));
        assertThatThrownBy(this::load).hasMessageContaining("heartbeat.entry.z but z is no mixer of the network");
        mixerFiles.put("a", withResponseLoops(forward("a", "b"), "r=r.in").replace("=replies", "=other.replies"));
        assertThatThrownBy(this::load)
                .hasMessageContaining("heartbeat.reply-inbox=other.replies, expected the one reply inbox");
    }

    @Test
    void exitsAndServicesMustMatch() {
        network.put("service.svc.exit-topic", "exit.other");

        assertThatThrownBy(this::load)
                .hasMessageContaining("mixer a has exit.svc=exit.svc, expected service svc's exit-topic=exit.other");

        network.put("service.svc.exit-topic", "exit.svc");
        network.put("service.lonely.exit-topic", "exit.lonely");
        network.put("service.lonely.reply-through", "r");
        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "service lonely must be reached by at least one forward mixer (exit.lonely=exit.lonely");

        network.remove("service.lonely.exit-topic");
        network.remove("service.lonely.reply-through");
        network.remove("service.svc.exit-topic");
        network.remove("service.svc.reply-through");
        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "mixer a exits to service svc (exit.svc=exit.svc) but the network describes no service svc");
    }

    @Test
    void servicesReplyThroughResponseMixers() {
        network.put("service.svc.reply-through", "a");

        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "service.svc.reply-through must name response mixers of the network [r], found a (a FORWARD mixer)");
    }

    @Test
    void clientsReadExactlyTheResponseMixersInboxes() {
        network.put("client.inbox-topics", "replies,extra");

        assertThatThrownBy(this::load)
                .hasMessageContaining("client.inbox-topics must be the reply inboxes of the response mixers [replies]")
                .hasMessageContaining("found [replies, extra]");
    }

    @Test
    void everyRoleIsAUserOfItsOwn() {
        network.put("mixer.b.principal", "a");

        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "mixer b must authenticate as a user of its own (least privilege), found user a also used by mixer a");

        network.remove("mixer.b.principal");
        network.put("client.principals", "alice,service-svc");
        assertThatThrownBy(this::load)
                .hasMessageContaining("the clients must authenticate as a user of its own")
                .hasMessageContaining("also used by service svc");

        network.put("client.principals", "bad user");
        assertThatThrownBy(this::load)
                .hasMessageContaining("client.principals must be a user name")
                .hasMessageContaining("found 'bad user'");
    }

    @Test
    void noMixersInternalPrefixCoversAnothers() {
        mixerFiles.put("a", forward("a", "b") + "mixer.application-id=app\n");
        mixerFiles.put("b", forward("b", "a") + "mixer.application-id=app-b\n");

        assertThatThrownBy(this::load)
                .hasMessageContaining("mixer a (mixer.application-id=app) would be granted the internal topics and"
                        + " transactional ids of mixer b (mixer.application-id=app-b)");
    }

    @Test
    void noMixersInternalPrefixCoversANetworkTopic() {
        mixerFiles.put("b", forward("b", "a").replace("exit.svc=exit.svc", "exit.svc=app-exit"));
        network.put("service.svc.exit-topic", "app-exit");
        mixerFiles.put(
                "a",
                forward("a", "b").replace("exit.svc=exit.svc", "exit.svc=app-exit") + "mixer.application-id=app\n");

        assertThatThrownBy(this::load)
                .hasMessageContaining("topic app-exit starts with mixer a's internal prefix app-");
    }

    @Test
    void theClientsInboxGroupPrefixCoversNoOtherRolesGroup() throws IOException {
        network.put("client.inbox-group-prefix", "mixnet-");

        assertThatThrownBy(this::load)
                .hasMessageContaining("client.inbox-group-prefix=mixnet- covers group mixnet-mixer-a of mixer a");

        network.put("client.inbox-group-prefix", "inbox-");
        assertThat(load().clients().inboxGroupPrefix()).hasValue("inbox-");
    }

    @Test
    void aNetworkNeedsBothRoles() {
        mixerFiles.remove("r");
        network.remove("mixer.r.config");

        assertThatThrownBy(this::load).hasMessageContaining("a network needs at least one response mixer");
    }

    @Test
    void quotasArePositiveNumbers() throws IOException {
        network.put("client.quota.producer-byte-rate", "-5");
        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "client.quota.producer-byte-rate must be a positive number of bytes per second, found -5");

        network.put("client.quota.producer-byte-rate", "1k");
        assertThatThrownBy(this::load)
                .hasMessageContaining(
                        "client.quota.producer-byte-rate must be a whole number of bytes per second, found 1k");

        network.put("client.quota.producer-byte-rate", "1000");
        network.put("client.quota.request-percentage", "12.5");
        assertThat(load().clients().quota())
                .isEqualTo(new ClientQuota(OptionalLong.of(1000), OptionalLong.empty(), OptionalDouble.of(12.5)));
    }

    @Test
    void aBadTopicNameIsNamed() {
        network.put("directory.topic", "bad topic");

        assertThatThrownBy(this::load)
                .hasMessageContaining("directory.topic must be a valid topic name, found 'bad topic'");
    }

    @Test
    void builtInCodeTheSameRulesHold() throws IOException {
        NetworkDescription n = load();
        NetworkDescription.Builder b = NetworkDescription.builder().directoryTopic("dir");
        n.mixers().values().forEach(b::mixer);
        b.service(new NetworkService("svc", "svc-user", "exit.svc", "g", List.of("r")));
        b.clientPrincipals(List.of("c1", "c2"));

        NetworkDescription built = b.build();

        assertThat(built.clients().principals()).containsExactly("c1", "c2");
        assertThatThrownBy(() -> b.service(new NetworkService("svc", "x", "exit.svc", "g", List.of("r"))))
                .hasMessageContaining("service svc is described twice");
    }
}
