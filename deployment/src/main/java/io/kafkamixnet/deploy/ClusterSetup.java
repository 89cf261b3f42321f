package io.kafkamixnet.deploy;

import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TopicProvisioner;
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
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;

/**
 * Brings a cluster in line with a plan, as its super user: every topic with its exact settings
 * ({@link TopicProvisioner}), a SCRAM-SHA-512 credential per user from its password file, every ACL
 * binding of every user and the client quotas. Idempotent: existing topics are checked and updated,
 * credentials are set again to the same password, existing ACLs are kept (creating one twice is a no-op
 * in Kafka), quotas are set. The compose deployment runs it once before the mixers start; Strimzi does
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
        Map<String, TopicProvisioner.Action> topics = new TopicProvisioner(admin, retry).ensure(plan.topics());
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
        List<AclBinding> acls = new ArrayList<>();
        plan.principals().forEach(p -> acls.addAll(p.acls()));
        if (!acls.isEmpty()) {
            call(
                    "create " + acls.size() + " ACL bindings",
                    () -> admin.createAcls(acls).all());
        }
        List<ClientQuotaAlteration> quotas = new ArrayList<>();
        for (Principal p : plan.principals()) {
            if (!p.quotas().isEmpty()) {
                List<ClientQuotaAlteration.Op> ops = new ArrayList<>();
                p.quotas().forEach((key, value) -> ops.add(new ClientQuotaAlteration.Op(key, value)));
                quotas.add(new ClientQuotaAlteration(
                        new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, p.name())), ops));
            }
        }
        if (!quotas.isEmpty()) {
            call("set client quotas", () -> admin.alterClientQuotas(quotas).all());
        }
        return new Applied(topics, names, acls.size(), quotas.size());
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
