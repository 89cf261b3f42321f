package io.kafkamixnet.cli;

import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Creates and describes mixnet topics with the settings of their role. */
@Command(
        name = "topics",
        mixinStandardHelpOptions = true,
        description = "Create or describe mixnet topics with the deliberate settings of their role.",
        subcommands = {TopicsCommand.Create.class, TopicsCommand.Describe.class})
final class TopicsCommand implements Runnable {

    /** After a failure, do not wait on requests still pending in the admin client (they time out on their own). */
    private static final java.time.Duration CLOSE_TIMEOUT = java.time.Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The role a topic plays; each has its own settings in {@link TopicSpec}. */
    enum Role {
        INGRESS,
        EXIT,
        INBOX,
        DEAD_LETTER,
        DIRECTORY;

        TopicSpec spec(String name, int partitions) {
            return switch (this) {
                case INGRESS -> TopicSpec.mixerIngress(name, partitions);
                case EXIT -> TopicSpec.exit(name, partitions);
                case INBOX -> TopicSpec.replyInbox(name, partitions);
                case DEAD_LETTER -> TopicSpec.deadLetter(name);
                case DIRECTORY -> TopicSpec.directory(name);
            };
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Create topics (or bring existing ones in line) with the settings of a role.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        StartupOptions startup;

        @Option(
                names = "--role",
                required = true,
                converter = RoleConverter.class,
                description = "ingress, exit, inbox, dead-letter or directory.")
        Role role;

        @Option(names = "--partitions", defaultValue = "1", description = "Partitions (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(
                names = "--replication-factor",
                defaultValue = "-1",
                description = "Replicas per partition (default: the broker's default.replication.factor).")
        short replicationFactor;

        @Parameters(arity = "1..*", paramLabel = "TOPIC")
        List<String> names;

        @Override
        public Integer call() {
            List<TopicSpec> specs = new ArrayList<>();
            for (String name : names) {
                specs.add(role.spec(name, partitions).withReplicationFactor(replicationFactor));
            }
            Admin admin = Admin.create(cluster.settings().asClientConfig());
            try {
                Map<String, TopicProvisioner.Action> done =
                        new TopicProvisioner(admin, startup.startupRetry()).ensure(specs);
                PrintWriter out = spec.commandLine().getOut();
                done.forEach(
                        (topic, action) -> out.printf("%-9s %s%n", action.name().toLowerCase(Locale.ROOT), topic));
            } finally {
                admin.close(CLOSE_TIMEOUT);
            }
            return 0;
        }
    }

    @Command(
            name = "describe",
            mixinStandardHelpOptions = true,
            description = "Show partitions, replication and configs of topics.")
    static final class Describe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        StartupOptions startup;

        @Parameters(arity = "1..*", paramLabel = "TOPIC")
        List<String> names;

        @Override
        public Integer call() {
            Admin admin = Admin.create(cluster.settings().asClientConfig());
            try {
                PrintWriter out = spec.commandLine().getOut();
                new TopicProvisioner(admin, startup.startupRetry())
                        .describe(names)
                        .values()
                        .forEach(t -> out.printf(
                                "%s  partitions=%d  replication=%d  %s%n",
                                t.name(), t.partitions(), t.replicationFactor(), t.explicitConfigs()));
            } finally {
                admin.close(CLOSE_TIMEOUT);
            }
            return 0;
        }
    }

    static final class RoleConverter implements picocli.CommandLine.ITypeConverter<Role> {
        @Override
        public Role convert(String value) {
            try {
                return Role.valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected one of ingress, exit, inbox, dead-letter, directory; found '" + value + "'");
            }
        }
    }
}
