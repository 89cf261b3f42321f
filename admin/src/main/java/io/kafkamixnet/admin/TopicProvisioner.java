package io.kafkamixnet.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the mixnet creates and checks topics.
 *
 * <p>{@link #ensure} makes a cluster match a list of {@link TopicSpec}s: it creates missing topics,
 * sets configs that differ on existing ones, and grows partitions that are too few (it never
 * shrinks or deletes anything). It is idempotent and safe to run from several processes at once.
 *
 * <p>Transient cluster errors (a topic another process just created that this broker does not know
 * yet, a controller that moved, brokers still registering, timeouts) are waited out per its
 * {@link StartupRetry}; when that gives up, or on an error waiting cannot fix (authorization, invalid
 * config), a {@link TopicProvisioningException} says which step failed and why.
 */
public final class TopicProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);

    /** Beyond a request's own timeout, how long to wait for the admin client to report it. */
    private static final long GRACE_MILLIS = 5_000;

    private final Admin admin;
    private final StartupRetry retry;

    /** A provisioner that retries transient errors per {@link StartupRetry#defaults()}. */
    public TopicProvisioner(Admin admin) {
        this(admin, StartupRetry.defaults());
    }

    /** A provisioner that retries transient errors per {@code retry}. */
    public TopicProvisioner(Admin admin, StartupRetry retry) {
        this.admin = java.util.Objects.requireNonNull(admin, "admin");
        this.retry = java.util.Objects.requireNonNull(retry, "retry");
    }

    /** What {@link #ensure} did to one topic. */
    public enum Action {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    /**
     * Creates or updates every topic so it matches its spec; returns what was done per topic.
     *
     * @throws TopicProvisioningException if a topic cannot be created, described or updated (the cause
     *     is the Kafka error, or a {@link StartupException} when transient errors outlasted the retry)
     */
    public Map<String, Action> ensure(Collection<TopicSpec> specs) {
        List<String> names = specs.stream().map(TopicSpec::name).toList();
        // Topics created by an attempt that failed later are still reported as created.
        Set<String> created = new java.util.HashSet<>();
        return retrying(
                "provision topics " + names,
                "every topic to exist with its partitions and configs",
                left -> ensureOnce(specs, created, left));
    }

    private Map<String, Action> ensureOnce(Collection<TopicSpec> specs, Set<String> created, Duration left) {
        Map<String, Action> result = new java.util.LinkedHashMap<>();
        Set<String> existing = call(
                () -> admin.listTopics(new ListTopicsOptions().timeoutMs(millis(left)))
                        .names(),
                left,
                "list topics");
        List<TopicSpec> missing =
                specs.stream().filter(s -> !existing.contains(s.name())).toList();
        if (!missing.isEmpty()) {
            List<NewTopic> newTopics =
                    missing.stream().map(TopicProvisioner::newTopic).toList();
            var futures = admin.createTopics(newTopics, new CreateTopicsOptions().timeoutMs(millis(left)))
                    .values();
            for (TopicSpec spec : missing) {
                try {
                    futures.get(spec.name()).get(millis(left) + GRACE_MILLIS, TimeUnit.MILLISECONDS);
                    result.put(spec.name(), Action.CREATED);
                    created.add(spec.name());
                    LOG.info("Created topic {}", spec);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new TopicProvisioningException(
                                "Cannot create topic " + spec.name() + ": "
                                        + e.getCause().getMessage(),
                                e.getCause());
                    }
                    // Created concurrently by another process: check it like any existing topic below.
                } catch (TimeoutException e) {
                    throw new TopicProvisioningException(
                            "Cannot create topic " + spec.name() + ": no answer within " + left, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new TopicProvisioningException("Interrupted while creating topic " + spec.name(), e);
                }
            }
        }
        List<TopicSpec> toCheck =
                specs.stream().filter(s -> !result.containsKey(s.name())).toList();
        if (!toCheck.isEmpty()) {
            // Right after a create (ours or another process's) a broker may not know the topic yet and
            // answers UnknownTopicOrPartition: transient, so the retry describes again.
            Map<String, TopicState> states =
                    describeOnce(toCheck.stream().map(TopicSpec::name).toList(), left);
            for (TopicSpec spec : toCheck) {
                Action action = reconcile(spec, states.get(spec.name()), left);
                result.put(spec.name(), created.contains(spec.name()) ? Action.CREATED : action);
            }
        }
        return result;
    }

    /**
     * Partitions, replication and the non-default configs of each named topic; a topic that does not
     * exist (yet) is waited for per the retry, then reported.
     *
     * @throws TopicProvisioningException if a topic cannot be described
     */
    public Map<String, TopicState> describe(Collection<String> names) {
        return retrying("describe topics " + names, "every topic to exist", left -> describeOnce(names, left));
    }

    private Map<String, TopicState> describeOnce(Collection<String> names, Duration left) {
        Map<String, TopicDescription> descriptions = call(
                () -> admin.describeTopics(names, new DescribeTopicsOptions().timeoutMs(millis(left)))
                        .allTopicNames(),
                left,
                "describe topics " + names);
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        Map<ConfigResource, Config> configs = call(
                () -> admin.describeConfigs(resources, new DescribeConfigsOptions().timeoutMs(millis(left)))
                        .all(),
                left,
                "describe configs of " + names);
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

    private Action reconcile(TopicSpec spec, TopicState state, Duration left) {
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
                    () -> admin.incrementalAlterConfigs(
                                    Map.of(resource, ops), new AlterConfigsOptions().timeoutMs(millis(left)))
                            .all(),
                    left,
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
                    () -> admin.createPartitions(
                                    Map.of(spec.name(), NewPartitions.increaseTo(spec.partitions())),
                                    new CreatePartitionsOptions().timeoutMs(millis(left)))
                            .all(),
                    left,
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

    private <T> T retrying(String action, String expectation, StartupRetry.Attempt<T> attempt) {
        try {
            return retry.call(action, expectation, attempt);
        } catch (StartupException e) {
            throw new TopicProvisioningException(e.getMessage(), e);
        }
    }

    /** An admin request's own timeout: it fails with Kafka's (transient) TimeoutException, and leaves nothing pending. */
    private static int millis(Duration left) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, left.toMillis()));
    }

    /** One admin request: its future, waited for at most {@code left}. */
    private static <T> T call(java.util.function.Supplier<KafkaFuture<T>> request, Duration left, String what) {
        try {
            return request.get().get(millis(left) + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new TopicProvisioningException(
                    "Cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new TopicProvisioningException("Cannot " + what + ": no answer within " + left, e);
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
