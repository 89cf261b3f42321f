package io.kafkamixnet.deploy.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.deploy.Checkout;
import io.kafkamixnet.deploy.CommittedExamples;
import io.kafkamixnet.deploy.DeploymentFiles;
import io.kafkamixnet.deploy.DeploymentPlan;
import io.kafkamixnet.deploy.MixerUnit;
import io.kafkamixnet.deploy.Versions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The compose project of the demo network, read back with a plain YAML 1.1 parser (SnakeYAML, safe
 * loading): it references only official images and the image the repository's Dockerfile builds, only
 * files of the repository, only declared volumes and networks; and each container sees only its own
 * user's secrets.
 */
class ComposeProjectTest {

    /** Official images a compose deployment may pull, by repository; each must be pinned to a version. */
    static final Set<String> OFFICIAL = Set.of("apache/kafka", "prom/prometheus", "grafana/grafana");

    static DeploymentPlan plan;
    static DeploymentFiles files;
    static Map<String, Object> compose;
    static Map<String, Map<String, Object>> services;
    static Path dir;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readBack() throws IOException {
        plan = CommittedExamples.plan();
        files = CommittedExamples.compose();
        dir = CommittedExamples.composeDirectory();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        compose = yaml.load(files.files().get("compose.yaml"));
        services = (Map<String, Map<String, Object>>) compose.get("services");
    }

    @SuppressWarnings("unchecked")
    static List<String> list(Map<String, Object> service, String key) {
        Object v = service.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    @Test
    void everyImageIsOfficialAndPinnedOrBuiltFromTheRepositorysDockerfile() {
        String mixnetImage = "kafka-mixnet:" + Versions.ofThisBuild().mixnet();
        List<String> builders = new ArrayList<>();
        services.forEach((name, s) -> {
            String image = (String) s.get("image");
            assertThat(image).as("image of %s", name).isNotBlank();
            if (image.equals(mixnetImage)) {
                if (s.containsKey("build")) {
                    builders.add(name);
                }
                return;
            }
            String repository = image.substring(0, image.lastIndexOf(':'));
            String tag = image.substring(image.lastIndexOf(':') + 1);
            assertThat(OFFICIAL).as("%s of service %s", image, name).contains(repository);
            assertThat(tag).as("tag of %s", image).isNotEqualTo("latest").matches("v?\\d+\\.\\d+\\.\\d+");
        });
        assertThat(services.get("kafka").get("image"))
                .isEqualTo("apache/kafka:" + Versions.ofThisBuild().kafka());
        assertThat(builders).as("services that build the mixnet image").containsExactly("credentials");
        @SuppressWarnings("unchecked")
        Map<String, Object> build =
                (Map<String, Object>) services.get("credentials").get("build");
        Path context = dir.resolve((String) build.get("context")).normalize();
        assertThat(context.resolve((String) build.get("dockerfile"))).isRegularFile();
        assertThat(context).isEqualTo(CommittedExamples.repository());
    }

    @Test
    void everyBindMountIsAFileOfTheRepositoryOrOfTheProjectAndEveryVolumeIsDeclared() {
        @SuppressWarnings("unchecked")
        Set<String> declared = ((Map<String, Object>) compose.get("volumes")).keySet();
        Set<String> used = new HashSet<>();
        String dashboard = dashboardMount();
        services.forEach((name, s) -> {
            for (String mount : list(s, "volumes")) {
                String source = mount.split(":")[0];
                if (source.startsWith(".")) {
                    if (source.equals(dashboard)) {
                        continue; // its own test below
                    }
                    String inProject =
                            dir.relativize(dir.resolve(source).normalize()).toString();
                    boolean generated = files.files().keySet().stream()
                            .anyMatch(f -> f.equals(inProject) || f.startsWith(inProject + "/"));
                    assertThat(generated || Files.exists(dir.resolve(source)))
                            .as("bind mount %s of %s is a file of the project or the repository", source, name)
                            .isTrue();
                } else {
                    assertThat(declared).as("volume %s of %s", source, name).contains(source);
                    used.add(source);
                }
            }
        });
        assertThat(used).containsExactlyInAnyOrderElementsOf(declared);
    }

    @Test
    void grafanaMountsTheRepositorysDashboard() {
        String dashboard = dashboardMount();
        assertThat(dir.resolve(dashboard).normalize())
                .isEqualTo(CommittedExamples.repository().resolve(Checkout.DASHBOARD));
        // The dashboard comes with the metrics work (issue 12); until it is merged this branch has no file.
        Assumptions.assumeTrue(
                Files.isRegularFile(dir.resolve(dashboard)), Checkout.DASHBOARD + " is not in this checkout yet");
        assertThat(dir.resolve(dashboard)).isRegularFile();
    }

    private static String dashboardMount() {
        return list(services.get("grafana"), "volumes").stream()
                .filter(v -> v.contains("/var/lib/grafana/dashboards/"))
                .map(v -> v.split(":")[0])
                .findFirst()
                .orElseThrow();
    }

    @Test
    void eachContainerMountsOnlyItsOwnUsersSecrets() {
        for (MixerUnit m : plan.mixers()) {
            assertThat(secretVolumes(m.id())).containsExactly(m.principal() + "-secrets");
        }
        plan.services()
                .forEach(s ->
                        assertThat(secretVolumes("service-" + s.name())).containsExactly(s.principal() + "-secrets"));
        assertThat(secretVolumes("demo-traffic")).containsExactly(plan.clientPrincipal() + "-secrets");
        assertThat(secretVolumes("kafka")).containsExactly(plan.adminPrincipal() + "-secrets");
        assertThat(secretVolumes("prometheus")).isEmpty();
        assertThat(secretVolumes("grafana")).isEmpty();
        // Only the setup step reads every password (to create the users), read-only.
        assertThat(list(services.get("setup"), "volumes"))
                .filteredOn(v -> v.contains("-secrets:"))
                .allSatisfy(v -> assertThat(v).endsWith(":ro"));
    }

    private static List<String> secretVolumes(String service) {
        return list(services.get(service), "volumes").stream()
                .map(v -> v.split(":")[0])
                .filter(v -> v.endsWith("-secrets"))
                .toList();
    }

    @Test
    void containersAreHardenedAndOnlyTheCredentialsStepIsRoot() {
        services.forEach((name, s) -> {
            assertThat(s.get("read_only")).as("read-only root of %s", name).isEqualTo(true);
            assertThat(list(s, "cap_drop")).as(name).containsExactly("ALL");
            if (name.equals("credentials")) {
                assertThat(s.get("user")).isEqualTo("0:0");
                assertThat(s.get("network_mode")).isEqualTo("none");
            } else {
                assertThat(s).as(name).doesNotContainKey("user");
            }
        });
        assertThat(list(services.get("kafka"), "ports"))
                .allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
        assertThat(list(services.get("grafana"), "ports"))
                .allSatisfy(p -> assertThat(p).startsWith("127.0.0.1:"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void startOrderIsCredentialsBrokerSetupThenTheNetworkThenTheTraffic() {
        services.forEach((name, s) -> {
            Map<String, Map<String, String>> deps = (Map<String, Map<String, String>>) s.get("depends_on");
            if (deps != null) {
                assertThat(services)
                        .as("dependencies of %s", name)
                        .containsKeys(deps.keySet().toArray(String[]::new));
            }
        });
        assertThat(((Map<String, Map<String, String>>) services.get("kafka").get("depends_on")).get("credentials"))
                .containsEntry("condition", "service_completed_successfully");
        assertThat(((Map<String, Map<String, String>>) services.get("setup").get("depends_on")).get("kafka"))
                .containsEntry("condition", "service_healthy");
        for (MixerUnit m : plan.mixers()) {
            Map<String, Object> mixer = services.get(m.id());
            assertThat(((Map<String, Map<String, String>>) mixer.get("depends_on")).get("setup"))
                    .containsEntry("condition", "service_completed_successfully");
            Map<String, Object> health = (Map<String, Object>) mixer.get("healthcheck");
            assertThat((List<String>) health.get("test"))
                    .containsExactly("CMD", "mixnet-http-ok", Integer.toString(m.metricsPort()), "/metrics");
            assertThat(((Map<String, Map<String, String>>)
                                    services.get("demo-traffic").get("depends_on"))
                            .get(m.id()))
                    .containsEntry("condition", "service_healthy");
        }
    }

    @Test
    void noSecretIsInAnyFileAndPrometheusScrapesEveryMixer() {
        String broker = files.files().get("broker/start-broker.sh");
        assertThat(broker)
                .contains(BrokerConfig.PASSWORD_PLACEHOLDER)
                .doesNotContainPattern("password=\"[A-Za-z0-9]{16,}\"");
        for (var f : files.files().entrySet()) {
            assertThat(f.getValue())
                    .as(f.getKey())
                    .doesNotContain("BEGIN PRIVATE KEY")
                    .doesNotContainPattern("[0-9a-f]{64}");
        }
        String prometheus = files.files().get("prometheus/prometheus.yml");
        plan.mixers().forEach(m -> assertThat(prometheus).contains(m.id() + ":" + m.metricsPort()));
    }

    @Test
    void theBrokerConfigSpeaksScramToClientsAndHasNoAnonymousSuperUser() {
        Map<String, String> p = BrokerConfig.properties("admin", 29092);
        assertThat(p.get("listener.security.protocol.map")).doesNotContain(":PLAINTEXT");
        assertThat(p)
                .containsEntry("super.users", "User:admin")
                .containsEntry("allow.everyone.if.no.acl.found", "false");
        assertThat(BrokerConfig.clusterId("mixnet"))
                .isEqualTo(BrokerConfig.clusterId("mixnet"))
                .hasSize(22);
        assertThat(BrokerConfig.clusterId("mixnet")).isNotEqualTo(BrokerConfig.clusterId("other"));
    }
}
