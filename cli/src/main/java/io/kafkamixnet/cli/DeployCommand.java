package io.kafkamixnet.cli;

import io.kafkamixnet.deploy.ClusterSetup;
import io.kafkamixnet.deploy.Credentials;
import io.kafkamixnet.deploy.DeploymentFiles;
import io.kafkamixnet.deploy.DeploymentPlan;
import io.kafkamixnet.deploy.DeploymentPlans;
import io.kafkamixnet.deploy.Deployments;
import io.kafkamixnet.deploy.Versions;
import io.kafkamixnet.deploy.kubernetes.KubernetesOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mixnet deploy ...}: writes a complete deployment of a network description (compose or
 * Kubernetes with Strimzi), and the two steps a compose deployment runs in its containers.
 */
@Command(
        name = "deploy",
        mixinStandardHelpOptions = true,
        description = {
            "Write a complete deployment of a network description: docker compose, or Kubernetes with Strimzi.",
            "See docs/deploy.md."
        },
        subcommands = {
            DeployCommand.Compose.class,
            DeployCommand.Kubernetes.class,
            DeployCommand.CredentialsStep.class,
            DeployCommand.Setup.class
        })
final class DeployCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every generator shares. */
    static final class GeneratorOptions {
        @Option(
                names = "--network",
                required = true,
                paramLabel = "FILE",
                description = "The network description (network.properties; see docs/operations.md).")
        Path network;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write to.")
        Path out;

        @Option(
                names = "--name",
                defaultValue = Deployments.DEFAULT_NAME,
                paramLabel = "NAME",
                description = "The network's name: compose project, Strimzi cluster (default: ${DEFAULT-VALUE}).")
        String name;

        @Option(
                names = "--traffic-requests",
                defaultValue = "" + Deployments.DEFAULT_TRAFFIC_REQUESTS,
                paramLabel = "N",
                description = "Requests the one-shot demo traffic sends (default: ${DEFAULT-VALUE}).")
        int trafficRequests;
    }

    private static int write(CommandSpec spec, DeploymentFiles files, Path out, String next) throws Exception {
        files.writeTo(out);
        PrintWriter o = spec.commandLine().getOut();
        files.files().keySet().forEach(f -> o.println("wrote " + out.resolve(f)));
        o.println(next);
        o.flush();
        return 0;
    }

    @Command(
            name = "compose",
            mixinStandardHelpOptions = true,
            description = {
                "Write a docker compose project: the apache/kafka image (KRaft, SASL/SCRAM, ACLs), a container per mixer",
                "and service from the repository's Dockerfile, topics/users/ACLs/keys made at start, Prometheus, Grafana",
                "and a one-shot demo traffic. Run it with: docker compose up --build"
            })
    static final class Compose implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GeneratorOptions options;

        @Option(
                names = "--external-port",
                defaultValue = "" + Deployments.DEFAULT_EXTERNAL_PORT,
                paramLabel = "PORT",
                description =
                        "Host port (127.0.0.1) of the broker for clients on the host (default: ${DEFAULT-VALUE}).")
        int externalPort;

        @Override
        public Integer call() throws Exception {
            DeploymentFiles files = Deployments.compose(
                    options.name, options.network, options.out, externalPort, options.trafficRequests);
            if (io.kafkamixnet.deploy.Checkout.containing(options.out).isEmpty()) {
                // Outside a checkout there is no Dockerfile to build from and no dashboard to mount.
                return write(
                        spec,
                        files,
                        options.out,
                        "no Kafka Mixnet checkout contains " + options.out + ": build the image first (docker build -t "
                                + Deployments.defaultImage() + " <checkout>), Grafana starts without the dashboard;"
                                + " then: cd " + options.out + " && docker compose up -d");
            }
            return write(spec, files, options.out, "next: cd " + options.out + " && docker compose up --build -d");
        }
    }

    @Command(
            name = "kubernetes",
            mixinStandardHelpOptions = true,
            description = {
                "Write Kubernetes manifests for the Strimzi operator: Kafka with KafkaNodePools (KRaft), KafkaTopics,",
                "KafkaUsers with SCRAM and least-privilege ACLs, a Deployment per mixer, NetworkPolicies, a PodMonitor;",
                "and create-secrets.sh for the keys. See README.md in the output."
            })
    static final class Kubernetes implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GeneratorOptions options;

        @Option(
                names = "--image",
                paramLabel = "IMAGE",
                description =
                        "The mixnet image the cluster pulls (default: kafka-mixnet:<version>, built from the Dockerfile).")
        String image;

        @Option(
                names = "--brokers",
                defaultValue = "3",
                paramLabel = "N",
                description = "Brokers (default: ${DEFAULT-VALUE}).")
        int brokers;

        @Option(
                names = "--controllers",
                defaultValue = "3",
                paramLabel = "N",
                description = "KRaft controllers: 1, 3 or 5 (default: ${DEFAULT-VALUE}).")
        int controllers;

        @Option(
                names = "--kafka-version",
                paramLabel = "VERSION",
                description = "spec.kafka.version of the Kafka resource (default: the operator's default).")
        String kafkaVersion;

        @Option(
                names = "--storage-class",
                paramLabel = "CLASS",
                description = "Storage class of every volume claim (default: the cluster's default).")
        String storageClass;

        @Override
        public Integer call() throws Exception {
            KubernetesOptions k;
            try {
                k = new KubernetesOptions(
                        image != null ? image : Deployments.defaultImage(),
                        brokers,
                        controllers,
                        Optional.ofNullable(kafkaVersion),
                        Optional.ofNullable(storageClass),
                        options.trafficRequests);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            DeploymentFiles files = Deployments.kubernetes(options.name, options.network, k);
            return write(spec, files, options.out, "next: see " + options.out.resolve("README.md"));
        }
    }

    @Command(
            name = "credentials",
            mixinStandardHelpOptions = true,
            description = {
                "Make the missing secrets of a deployment under DIR: per user DIR/<user>/kafka.password (--passwords),",
                "per mixer its keys in DIR/<user>/keys, and DIR/public/trusted-identities.txt. Existing ones are kept."
            })
    static final class CredentialsStep implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--network", required = true, paramLabel = "FILE", description = "The network description.")
        Path network;

        @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Where the secrets go.")
        Path dir;

        @Option(
                names = "--passwords",
                description = "Also make a Kafka password per user (compose; Strimzi makes its own).")
        boolean passwords;

        @Option(
                names = "--owner",
                paramLabel = "UID:GID",
                description = "Give everything under DIR to this user and group (for fresh volumes; needs root).")
        String owner;

        @Override
        public Integer call() throws Exception {
            Optional<int[]> ids = Optional.empty();
            if (owner != null) {
                String[] parts = owner.split(":", -1);
                try {
                    if (parts.length != 2) {
                        throw new NumberFormatException();
                    }
                    ids = Optional.of(
                            new int[] {Integer.parseUnsignedInt(parts[0]), Integer.parseUnsignedInt(parts[1])});
                } catch (NumberFormatException e) {
                    throw new ParameterException(
                            spec.commandLine(), "--owner must be UID:GID (numbers), found '" + owner + "'");
                }
            }
            DeploymentPlan plan = DeploymentPlans.load(Deployments.DEFAULT_NAME, network, Versions.ofThisBuild());
            Credentials.Written done = new Credentials(plan, new SecureRandom()).write(dir, passwords, ids);
            PrintWriter out = spec.commandLine().getOut();
            done.newPasswords().forEach(u -> out.println("new Kafka password for " + u));
            done.identities().forEach((id, hex) -> out.println("mixer " + id + " identity public key " + hex));
            out.println("trusted identities: "
                    + dir.resolve(Credentials.PUBLIC_DIR).resolve(Credentials.TRUSTED_IDENTITIES));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "setup",
            mixinStandardHelpOptions = true,
            description = {
                "As the cluster's super user: create or update every topic of the network with its settings, a SCRAM user",
                "per role (passwords from --secrets-dir), every ACL and the client quotas. Idempotent."
            })
    static final class Setup implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--network", required = true, paramLabel = "FILE", description = "The network description.")
        Path network;

        @Option(
                names = "--secrets-dir",
                required = true,
                paramLabel = "DIR",
                description = "Where each user's kafka.password is (DIR/<user>/kafka.password).")
        Path secrets;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        StartupOptions startup;

        @Override
        public Integer call() throws Exception {
            DeploymentPlan plan = DeploymentPlans.load(Deployments.DEFAULT_NAME, network, Versions.ofThisBuild());
            PrintWriter out = spec.commandLine().getOut();
            try (Admin admin = Admin.create(cluster.settings().asClientConfig())) {
                ClusterSetup.Applied done = new ClusterSetup(plan, startup.startupRetry()).apply(admin, secrets);
                done.topics()
                        .forEach((topic, action) ->
                                out.printf("topic %-9s %s%n", action.name().toLowerCase(java.util.Locale.ROOT), topic));
                out.printf("users %s, %d ACL bindings, %d client quotas%n", done.users(), done.acls(), done.quotas());
            }
            out.flush();
            return 0;
        }
    }
}
