package io.kafkamixnet.admin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the mixnet creates and checks topics.
 *
 * <p>{@link #ensure} makes a cluster match a list of {@link TopicSpec}s: it creates missing topics,
 * sets configs that differ on existing ones, and grows partitions that are too few (it never
 * shrinks or deletes anything). It is idempotent and safe to run from several processes at once.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    private static final java.time.Duration METADATA_PROPAGATION_TIMEOUT = java.time.Duration.ofSeconds(15);

    private final Admin admin;

    public TopicProvisioner(Admin admin) {
        this.admin = admin;
    }

    /** What {@link #ensure} did to one topic. */
    public enum Action {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /** Creates or updates every topic so it matches its spec; returns what was done per topic. */
    public Map<String, Action> ensure(Collection<TopicSpec> specs) {
        Map<String, Action> result = new java.util.LinkedHashMap<>();
        Set<String> existing = call(() -> admin.listTopics().names().get(), "list topics");
        List<TopicSpec> missing =
                specs.stream().filter(s -> !existing.contains(s.name())).toList();
        if (!missing.isEmpty()) {
            List<NewTopic> newTopics =
                    missing.stream().map(TopicProvisioner::newTopic).toList();
            var futures = admin.createTopics(newTopics).values();
            for (TopicSpec spec : missing) {
                try {
                    futures.get(spec.name()).get();
                    result.put(spec.name(), Action.CREATED);
                    LOG.info("Created topic {}", spec);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new TopicProvisioningException(
                                "Cannot create topic " + spec.name() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                    // Created concurrently by another process: check it like any existing topic below.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TopicProvisioningException("Interrupted while creating topic " + spec.name(), e);
                }
            }
        }
        List<TopicSpec> toCheck =
                specs.stream().filter(s -> !result.containsKey(s.name())).toList();
        if (!toCheck.isEmpty()) {
            Map<String, TopicState> states =
                    describeWhenVisible(toCheck.stream().map(TopicSpec::name).toList());
            for (TopicSpec spec : toCheck) {
                result.put(spec.name(), reconcile(spec, states.get(spec.name())));
            }
        }
        return result;
    }

    /** Partitions, replication and the non-default configs of each named topic. */
    public Map<String, TopicState> describe(Collection<String> names) {
        Map<String, TopicDescription> descriptions =
                call(() -> admin.describeTopics(names).allTopicNames().get(), "describe topics " + names);
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        Map<ConfigResource, Config> configs =
                call(() -> admin.describeConfigs(resources).all().get(), "describe configs of " + names);
        Map<String, TopicState> states = new java.util.LinkedHashMap<>();
        for (String name : names) {
            TopicDescription d = descriptions.get(name);
            Config config = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name));
            Map<String, String> explicit = new java.util.TreeMap<>();
            Map<String, String> all = new HashMap<>();
            for (ConfigEntry entry : config.entries()) {
                all.put(entry.name(), entry.value());
                if (entry.source() == ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                    explicit.put(entry.name(), entry.value());
                }
            }
            int replication = d.partitions().isEmpty()
                    ? 0
                    : d.partitions().get(0).replicas().size();
            states.put(name, new TopicState(name, d.partitions().size(), replication, explicit, all));
        }
        return states;
    }

    /**
     * {@link #describe}, waiting out the moment after another process created a topic: the broker
     * that answered TopicExists may not have the topic's metadata yet, and says so with
     * UnknownTopicOrPartition.
     */
    private Map<String, TopicState> describeWhenVisible(Collection<String> names) {
        long deadline = System.nanoTime() + METADATA_PROPAGATION_TIMEOUT.toNanos();
        while (true) {
            try {
                return describe(names);
            } catch (TopicProvisioningException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("Topics {} not visible yet: {}", names, e.getMessage());
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicProvisioningException("Interrupted while waiting for topics " + names, e);
            }
        }
    }

    private Action reconcile(TopicSpec spec, TopicState state) {
        Action action = Action.UNCHANGED;
        List<AlterConfigOp> ops = new ArrayList<>();
        for (Map.Entry<String, String> wanted : spec.configs().entrySet()) {
            String actual = state.effectiveConfigs().get(wanted.getKey());
            if (!wanted.getValue().equals(actual)) {
                ops.add(new AlterConfigOp(
                        new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET));
            }
        }
        if (!ops.isEmpty()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
            call(
                    () -> admin.incrementalAlterConfigs(Map.of(resource, ops))
                            .all()
                            .get(),
                    "alter configs of " + spec.name());
            LOG.info(
                    "Updated configs of topic {}: {}",
                    spec.name(),
                    ops.stream()
                            .map(op -> op.configEntry().name() + "="
                                    + op.configEntry().value())
                            .collect(Collectors.joining(", ")));
            action = Action.UPDATED;
        }
        if (state.partitions() < spec.partitions()) {
            call(
                    () -> admin.createPartitions(Map.of(spec.name(), NewPartitions.increaseTo(spec.partitions())))
                            .all()
                            .get(),
                    "add partitions to " + spec.name());
            LOG.info("Grew topic {} from {} to {} partitions", spec.name(), state.partitions(), spec.partitions());
            action = Action.UPDATED;
        } else if (state.partitions() > spec.partitions()) {
            LOG.info(
                    "Topic {} has {} partitions, more than the {} asked for; left as is",
                    spec.name(),
                    state.partitions(),
                    spec.partitions());
        }
        return action;
    }

    private static NewTopic newTopic(TopicSpec spec) {
        Optional<Short> replication =
                spec.replicationFactor() == -1 ? Optional.empty() : Optional.of(spec.replicationFactor());
        return new NewTopic(spec.name(), Optional.of(spec.partitions()), replication).configs(spec.configs());
    }

    private interface AdminCall<T> {
        T run() throws ExecutionException, InterruptedException;
    }

    private static <T> T call(AdminCall<T> call, String what) {
        try {
            return call.run();
        } catch (ExecutionException e) {
            throw new TopicProvisioningException(
                    "Cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicProvisioningException("Interrupted while trying to " + what, e);
        }
    }

    /** One topic as the cluster has it. */
    public record TopicState(
            String name,
            int partitions,
            int replicationFactor,
            Map<String, String> explicitConfigs,
            Map<String, String> effectiveConfigs) {}
}
