package io.kafkamixnet.deploy;

import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import io.kafkamixnet.directory.DirectoryTopics;
import io.kafkamixnet.network.AclProvisioner;
import io.kafkamixnet.network.NetworkTopics;
import io.kafkamixnet.network.RoleAcls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;

/**
 * Brings a cluster in line with a plan, as its super user: every topic with its exact settings
 * ({@link TopicProvisioner}, the directory through {@link DirectoryTopics}), a SCRAM-SHA-512 credential
 * per user from its password file, and the ACLs and client quotas of {@link RoleAcls} (through the
 * network module's {@link AclProvisioner}). Idempotent: existing topics are checked and updated,
 * credentials are set again to the same password, existing ACLs are kept, quotas are set. The compose deployment runs it once before the mixers start; Strimzi does
 * the same from the {@code KafkaTopic} and {@code KafkaUser} resources.
 */
public final class ClusterSetup {

    /** SCRAM iterations: Kafka's minimum for SHA-512 is 4096; more costs each login more. */
    static final int SCRAM_ITERATIONS = 8192;

    private final DeploymentPlan plan;
    private final StartupRetry retry;

    public ClusterSetup(DeploymentPlan plan, StartupRetry retry) {
        this.plan = plan;
        this.retry = retry;
    }

    /** What {@link #apply} did, for the operator's log. */
    public record Applied(Map<String, TopicProvisioner.Action> topics, List<String> users, int acls, int quotas) {}

    /**
     * Applies topics, users, ACLs and quotas through {@code admin}, reading passwords under {@code secrets}.
     *
     * @throws java.io.IOException if a password file cannot be read
     * @throws IllegalStateException naming the step, if the cluster refuses or does not answer
     */
    public Applied apply(Admin admin, Path secrets) throws java.io.IOException {
        List<TopicSpec> packetTopics = new ArrayList<>(plan.topics());
        TopicSpec directory = NetworkTopics.directorySpec(plan.network());
        packetTopics.remove(directory);
        Map<String, TopicProvisioner.Action> topics =
                new java.util.LinkedHashMap<>(new TopicProvisioner(admin, retry).ensure(packetTopics));
        // The directory as the mixers and clients create it: DirectoryTopics also checks an existing one is compacted.
        topics.put(directory.name(), DirectoryTopics.ensure(admin, directory, retry));
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Principal p : plan.principals()) {
            users.add(new UserScramCredentialUpsertion(
                    p.name(),
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                    Credentials.readPassword(secrets, p.name())));
            names.add(p.name());
        }
        if (!users.isEmpty()) {
            call(
                    "set SCRAM credentials of " + names,
                    () -> admin.alterUserScramCredentials(users).all());
        }
        AclProvisioner.Result acls;
        try {
            acls = new AclProvisioner(admin, retry.timeout()).apply(RoleAcls.of(plan.network()));
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot create the ACLs and client quotas: " + e.getMessage(), e);
        }
        return new Applied(topics, names, acls.created() + acls.alreadyPresent(), acls.quotasSet());
    }

    private <T> T call(String what, java.util.function.Supplier<KafkaFuture<T>> request) {
        try {
            return retry.call(what, "the cluster to accept it", left -> {
                try {
                    return request.get().get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            });
        } catch (StartupException e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // An error waiting cannot fix (authorization, an invalid request): say which step met it.
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
