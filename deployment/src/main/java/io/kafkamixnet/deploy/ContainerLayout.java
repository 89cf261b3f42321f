package io.kafkamixnet.deploy;

import java.util.ArrayList;
import java.util.List;

/**
 * Where things are inside the mixnet image's containers, and the command lines each role runs with:
 * one definition for compose and Kubernetes.
 *
 * <p>The image's entry point ({@code deploy/docker/mixnet-entrypoint.sh}) writes
 * {@link #CLIENT_CONFIG} from {@link #ENV_BOOTSTRAP}, {@link #ENV_USER} and the password in the file
 * {@link #ENV_PASSWORD_FILE} names (SASL/SCRAM-SHA-512), then runs {@code mixnet} with the arguments:
 * the password reaches the Kafka clients through a file on a memory-backed {@code /tmp}, never through
 * a command line, an image layer or an environment variable.
 */
public final class ContainerLayout {

    /** The network description and its mixer files, read-only. */
    public static final String NETWORK_DIR = "/etc/mixnet/network";
    /** A mixer's key directory ({@code keys.dir}): epoch keys are generated and wiped here. */
    public static final String KEYS_DIR = "/var/lib/mixnet/keys";
    /** A mixer's Kafka Streams state ({@code state.dir}). */
    public static final String STATE_DIR = "/var/lib/mixnet/state";
    /** Public material every role may read: the trusted mixer identities. */
    public static final String PUBLIC_DIR = "/var/lib/mixnet/public";
    /** The file of trusted identity public keys (one hex key a line) in {@link #PUBLIC_DIR}. */
    public static final String TRUSTED_IDENTITIES = PUBLIC_DIR + "/trusted-identities.txt";
    /** The Kafka client properties the entry point writes. */
    public static final String CLIENT_CONFIG = "/tmp/mixnet-client.properties";

    public static final String ENV_BOOTSTRAP = "MIXNET_BOOTSTRAP_SERVERS";
    public static final String ENV_USER = "MIXNET_SASL_USERNAME";
    public static final String ENV_PASSWORD_FILE = "MIXNET_SASL_PASSWORD_FILE";

    /** The image's non-root user and group. */
    public static final long USER_ID = 10001;

    /** How long a component started before the cluster or its topics waits for them. */
    public static final String STARTUP_TIMEOUT = "5m";

    private ContainerLayout() {}

    /** The path of a description file inside the container. */
    public static String networkFile(String relative) {
        return NETWORK_DIR + "/" + relative;
    }

    /**
     * The arguments of {@code mixnet mixer} for {@code mixer}: its file from the description, with the
     * container's key and state directories, topics left to the operator (they are provisioned before
     * the mixers start, and a least-privileged mixer may not create them), and {@code /metrics} open on
     * every interface of the container for Prometheus and the probes.
     */
    public static List<String> mixerArgs(MixerUnit mixer, String keysDir) {
        List<String> args = new ArrayList<>(List.of(
                "mixer",
                "--config",
                networkFile(mixer.configFile()),
                "--client-config",
                CLIENT_CONFIG,
                "--startup-timeout",
                STARTUP_TIMEOUT));
        set(args, "keys.dir", keysDir);
        set(args, "state.dir", STATE_DIR);
        set(args, "topics.provision", "none");
        set(args, "metrics.port", Integer.toString(mixer.metricsPort()));
        set(args, "metrics.bind-address", "0.0.0.0");
        return args;
    }

    /** The arguments of {@code mixnet service echo} for {@code service}. */
    public static List<String> echoServiceArgs(DeploymentPlan plan, ServiceUnit service) {
        return List.of(
                "service",
                "echo",
                "--client-config",
                CLIENT_CONFIG,
                "--exit-topic",
                service.exitTopic(),
                "--group-id",
                service.groupId(),
                "--directory-topic",
                plan.directoryTopic(),
                "--trusted-identities-file",
                TRUSTED_IDENTITIES,
                "--startup-timeout",
                STARTUP_TIMEOUT);
    }

    /**
     * The arguments of the one-shot demo traffic: {@code mixnet send} of {@code count} requests to the
     * first service, two a second, as a client of the network (its directory, trusted identities, reply
     * inbox and epoch clock).
     */
    public static List<String> trafficArgs(DeploymentPlan plan, int count) {
        List<String> args = new ArrayList<>(List.of(
                "send",
                "--client-config",
                CLIENT_CONFIG,
                "--startup-timeout",
                STARTUP_TIMEOUT,
                "--service",
                plan.services().get(0).name(),
                "--directory-topic",
                plan.directoryTopic(),
                "--trusted-identities-file",
                TRUSTED_IDENTITIES));
        plan.replyInboxTopic().ifPresent(inbox -> args.addAll(List.of("--reply-inbox", inbox)));
        args.addAll(List.of(
                "--epoch-length",
                io.kafkamixnet.admin.DurationSetting.format(plan.epochLength()),
                "--epoch-grace",
                io.kafkamixnet.admin.DurationSetting.format(
                        plan.mixers().get(0).config().epochSchedule().grace()),
                "--count",
                Integer.toString(count),
                "--rate",
                "2",
                "--data",
                "hello through the mixnet"));
        return args;
    }

    private static void set(List<String> args, String key, String value) {
        args.add("--set");
        args.add(key + "=" + value);
    }
}
