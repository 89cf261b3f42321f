package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kafkamixnet.broker.EmbeddedBrokerSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.network.NetworkDescription;
import io.kafkamixnet.network.RoleAcls;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mixnet acls}, {@code mixnet broker --secure} and {@code mixnet demo --secure} in-process, on secured brokers. */
class SecureCliIT {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    private static Path demoNetworkFile() {
        Path module = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        return module.resolveSibling("deploy").resolve("network").resolve("network.properties");
    }

    @Test
    void aclsPrintsTheTablePerRoleAndTheQuotasWithoutTouchingAnyCluster() {
        CommandRun r = run("acls", "--network", demoNetworkFile().toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("# forward mixer mix-1", "# response mixer resp-1", "# service echo", "# client", "# auditor")
                .containsPattern("User:mix-1 +READ +TOPIC +mixnet-demo.mix-1.in +LITERAL")
                .containsPattern("User:mix-1 +WRITE +TRANSACTIONAL_ID +mixnet-demo-mix-1- +PREFIXED")
                .containsPattern("User:client +WRITE +TOPIC +mixnet-demo.mix-2.in +LITERAL")
                .contains("User:client  producer_byte_rate=262144 (256 KiB/s)  request_percentage=25%")
                .contains("User:admin, the administrator, needs no ACL: it is a super user of the cluster.")
                .contains("Nothing changed");
    }

    @Test
    void applyNeedsTheCluster() {
        CommandRun r = run("acls", "--network", demoNetworkFile().toString(), "--apply");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--apply needs the cluster");
    }

    @Test
    void aBrokenDescriptionIsOneLineNamingFileAndKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("network.properties");
        Files.writeString(file, "directory.topic=d\nmixer.a.config=missing.properties\n");

        CommandRun r = run("acls", "--network", file.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("missing.properties", "mixer.a.config must name a mixer configuration file");
    }

    @Test
    void secureBrokerMakesTheUsersAndAclsApplyIdempotentlyWithTopicsAndQuotas(@TempDir Path dir) throws Exception {
        StringWriter printed = new StringWriter();
        Path configs = dir.resolve("configs");
        try (EmbeddedKafkaBroker broker = SecureBroker.start(
                EmbeddedBrokerSettings.builder().secure(true).build(),
                demoNetworkFile(),
                configs,
                new PrintWriter(printed, true))) {
            NetworkDescription network = NetworkDescription.load(demoNetworkFile());
            for (String user : network.users()) {
                Path file = configs.resolve(user + ".properties");
                assertThat(Files.getPosixFilePermissions(file))
                        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
                assertThat(printed.toString()).contains(file.toString());
            }
            assertThat(printed.toString()).doesNotContain("password=");
            Path admin = configs.resolve("admin.properties");
            Path auditor = configs.resolve("auditor.properties");

            // Before --apply the auditor may not even describe the ACLs: the command says so and what to do.
            CommandRun early = run(
                    "acls",
                    "--network",
                    demoNetworkFile().toString(),
                    "--check",
                    "--client-config",
                    auditor.toString());
            assertThat(early.exitCode()).isEqualTo(1);
            assertThat(early.err().lines())
                    .as(early.err())
                    .singleElement()
                    .asString()
                    .startsWith(
                            "mixnet acls: Cannot describe the cluster's ACLs: not authorised (this needs DESCRIBE on"
                                    + " the cluster")
                    .contains("--check needs DESCRIBE and DESCRIBE_CONFIGS on the cluster")
                    .contains("the network's auditor (User:auditor) has them once the network's ACLs are applied")
                    .contains("found --client-config " + auditor)
                    .contains("--apply --client-config")
                    .doesNotContain("Request(", "producer id");

            CommandRun first = run(
                    "acls",
                    "--network",
                    demoNetworkFile().toString(),
                    "--apply",
                    "--create-topics",
                    "--client-config",
                    admin.toString());
            int total = RoleAcls.of(network).bindings().size();
            assertThat(first.exitCode()).as(first.err()).isZero();
            assertThat(first.out())
                    .contains("Topic mixnet-demo.mix-1.in: created", "Topic mixnet-demo.directory: created")
                    .contains("Applied: " + total + " ACLs created, 0 already present; 1 client quotas set.");

            CommandRun again = run(
                    "acls", "--network", demoNetworkFile().toString(), "--apply", "--client-config", admin.toString());
            assertThat(again.out()).contains("Applied: 0 ACLs created, " + total + " already present");

            try (Admin a = Admin.create(load(admin))) {
                Map<ClientQuotaEntity, Map<String, Double>> quotas = a.describeClientQuotas(
                                ClientQuotaFilter.containsOnly(
                                        List.of(ClientQuotaFilterComponent.ofEntity(ClientQuotaEntity.USER, "client"))))
                        .entities()
                        .get(30, TimeUnit.SECONDS);
                assertThat(quotas.values())
                        .containsExactly(Map.of("producer_byte_rate", 262144.0, "request_percentage", 25.0));
            }

            // The auditor checks the cluster against the description: nothing differs...
            CommandRun clean = run(
                    "acls",
                    "--network",
                    demoNetworkFile().toString(),
                    "--check",
                    "--client-config",
                    auditor.toString());
            assertThat(clean.exitCode()).as(clean.out() + clean.err()).isZero();
            assertThat(clean.out()).contains("the cluster holds exactly these " + total + " ACLs");
            // ...until a client gets more than its role and a mixer loses an ACL it needs.
            try (Admin a = Admin.create(load(admin))) {
                a.createAcls(List.of(new AclBinding(
                                new ResourcePattern(ResourceType.TOPIC, "mixnet-demo.mix-1.in", PatternType.LITERAL),
                                new AccessControlEntry(
                                        "User:client", "*", AclOperation.READ, AclPermissionType.ALLOW))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                a.deleteAcls(List.of(new AclBindingFilter(
                                new ResourcePatternFilter(
                                        ResourceType.TOPIC, "mixnet-demo.directory", PatternType.LITERAL),
                                new AccessControlEntryFilter(
                                        "User:mix-2", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                        .all()
                        .get(30, TimeUnit.SECONDS);
            }
            // The broker's authorizer takes the change from the metadata log: poll until it shows.
            CommandRun drift = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(200))
                    .until(
                            () -> run(
                                    "acls",
                                    "--network",
                                    demoNetworkFile().toString(),
                                    "--check",
                                    "--client-config",
                                    auditor.toString()),
                            r -> r.out().contains("1 missing, 1 unexpected"));
            assertThat(drift.exitCode()).as(drift.out() + drift.err()).isEqualTo(1);
            assertThat(drift.out())
                    .contains("MISSING     User:mix-2 ALLOW WRITE TOPIC mixnet-demo.directory (LITERAL)")
                    .contains("UNEXPECTED  User:client ALLOW READ TOPIC mixnet-demo.mix-1.in (LITERAL)")
                    .contains("Check: 1 missing, 1 unexpected ACLs, 0 client quotas differ");

            // A mixer run with another role's user fails at once, and the command says what to do about it.
            Path mixerDir = dir.resolve("impostor");
            Files.createDirectories(mixerDir);
            Files.writeString(
                    mixerDir.resolve("mix-1.properties"),
                    Files.readString(demoNetworkFile().resolveSibling("mix-1.properties")));
            io.kafkamixnet.keys.MixerKeys.provision(
                    mixerDir.resolve("keys").resolve("mix-1"),
                    network.epochSchedule().epochAt(System.currentTimeMillis()),
                    2,
                    new java.security.SecureRandom());
            CommandRun impostor = run(
                    "mixer",
                    "--config",
                    mixerDir.resolve("mix-1.properties").toString(),
                    "--client-config",
                    configs.resolve("auditor.properties").toString(),
                    "--startup-timeout",
                    "30s");
            assertThat(impostor.exitCode()).isEqualTo(1);
            assertThat(impostor.err())
                    .contains("cannot publish the descriptor of mixer mix-1 to mixnet-demo.directory")
                    .contains("may write no topic at all", "mixnet acls --network");

            // A client's file logs in, and is refused what its role may not do.
            CommandRun asClient = run(
                    "acls",
                    "--network",
                    demoNetworkFile().toString(),
                    "--apply",
                    "--client-config",
                    configs.resolve("client.properties").toString());
            assertThat(asClient.exitCode()).isEqualTo(1);
            assertThat(asClient.err().lines())
                    .as(asClient.err())
                    .singleElement()
                    .asString()
                    .contains("Cannot describe the cluster's ACLs: not authorised", "administrator")
                    .contains("found --client-config " + configs.resolve("client.properties"))
                    .doesNotContain("Request(", "producer id");
        }
    }

    @Test
    void demoSecureRunsTheWholeLoopWithAUserPerRole() {
        CommandRun r = run("demo", "--secure", "--clients", "2", "--requests", "2", "--cover-rate", "1");

        assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains("Started a secured embedded Kafka broker", "SCRAM-SHA-512, ACLs enforced")
                .contains("SCRAM users (mix-1, mix-2, resp-1, service-echo, auditor, client-1, client-2)")
                .contains("least-privilege ACLs");
    }

    @Test
    void demoSecureStartsItsOwnBroker() {
        CommandRun r = run("demo", "--secure", "--bootstrap-servers", "127.0.0.1:9");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--secure starts its own secured single-node broker");
    }

    private static Map<String, Object> load(Path file) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, Object> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }
}
