package io.kafkamixnet.network;

import io.kafkamixnet.admin.DurationSetting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateAclsOptions;
import org.apache.kafka.clients.admin.DescribeAclsOptions;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.apache.kafka.common.quota.ClientQuotaFilterComponent;

/**
 * Creates the ACLs and client quotas of {@link RoleAcls} through {@link Admin}, idempotently: ACLs that
 * already exist are left as they are (and counted), quotas are set to the described values. It never
 * deletes an ACL: one the description no longer needs is the operator's to remove (this class cannot
 * tell it from an ACL someone else made on purpose). Needs a principal allowed to alter ACLs and
 * quotas (a super user, or {@code ALTER} and {@code ALTER_CONFIGS} on the cluster).
 */
public final class AclProvisioner {

    /** What {@link #apply} did. */
    public record Result(int created, int alreadyPresent, int quotasSet) {}

    /**
     * How the cluster differs from a network's {@link RoleAcls}: ACLs it lacks, ACLs of the network's
     * users it has beyond them, and client users whose quotas differ (user to the quotas found).
     */
    public record Drift(
            List<AclBinding> missing, List<AclBinding> unexpected, Map<String, Map<String, Double>> quotaMismatches) {

        public Drift {
            missing = List.copyOf(missing);
            unexpected = List.copyOf(unexpected);
            quotaMismatches = Map.copyOf(quotaMismatches);
        }

        public boolean none() {
            return missing.isEmpty() && unexpected.isEmpty() && quotaMismatches.isEmpty();
        }
    }

    private final Admin admin;
    private final Duration timeout;

    public AclProvisioner(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /**
     * Creates the missing ACLs, sets the quotas, and returns once the broker answers with every ACL
     * (so they are enforced: the authorizer serves {@code DescribeAcls} from what it enforces).
     *
     * @throws IllegalStateException naming the step and Kafka's error (e.g. not authorized to alter
     *     ACLs: the client config is not the administrator's)
     */
    public Result apply(RoleAcls acls) {
        Set<AclBinding> existing = existing();
        List<AclBinding> missing = new ArrayList<>();
        for (AclBinding b : acls.bindings()) {
            if (!existing.contains(b)) {
                missing.add(b);
            }
        }
        if (!missing.isEmpty()) {
            await(
                    "create " + missing.size() + " ACLs",
                    "ALTER",
                    admin.createAcls(missing, new CreateAclsOptions().timeoutMs(millis()))
                            .all());
        }
        List<ClientQuotaAlteration> quotas = acls.clientQuotas();
        if (!quotas.isEmpty()) {
            await(
                    "set the client quotas",
                    "ALTER_CONFIGS",
                    admin.alterClientQuotas(quotas).all());
        }
        awaitEnforced(acls);
        return new Result(missing.size(), acls.bindings().size() - missing.size(), quotas.size());
    }

    /**
     * Compares the cluster with {@code acls}: every ACL of {@code principals} (the network's users, as
     * {@code User:<name>}) must be one of them, each of them must exist, and each client user's quotas
     * must be the described ones. Needs {@code DESCRIBE} and {@code DESCRIBE_CONFIGS} on the cluster
     * (the auditor's ACLs) or a super user.
     */
    public Drift check(RoleAcls acls, Set<String> principals) {
        Set<AclBinding> existing = existing();
        List<AclBinding> missing = new ArrayList<>();
        for (AclBinding b : acls.bindings()) {
            if (!existing.contains(b)) {
                missing.add(b);
            }
        }
        Set<AclBinding> expected = new HashSet<>(acls.bindings());
        List<AclBinding> unexpected = new ArrayList<>();
        for (AclBinding b : existing) {
            if (principals.contains(b.entry().principal()) && !expected.contains(b)) {
                unexpected.add(b);
            }
        }
        unexpected.sort(java.util.Comparator.comparing(AclBinding::toString));
        Map<String, Map<String, Double>> mismatches = new java.util.TreeMap<>();
        for (ClientQuotaAlteration q : acls.clientQuotas()) {
            Map<String, Double> want = new java.util.HashMap<>();
            q.ops().forEach(op -> want.put(op.key(), op.value()));
            Map<String, Double> found = await(
                            "describe the client quotas",
                            "DESCRIBE_CONFIGS",
                            admin.describeClientQuotas(
                                            ClientQuotaFilter.containsOnly(List.of(ClientQuotaFilterComponent.ofEntity(
                                                    ClientQuotaEntity.USER,
                                                    q.entity().entries().get(ClientQuotaEntity.USER)))))
                                    .entities())
                    .getOrDefault(q.entity(), Map.of());
            if (!found.equals(want)) {
                mismatches.put(q.entity().entries().get(ClientQuotaEntity.USER), found);
            }
        }
        return new Drift(missing, unexpected, mismatches);
    }

    /** Every ACL the cluster has now. */
    public Set<AclBinding> existing() {
        return new HashSet<>(await(
                "describe the cluster's ACLs",
                "DESCRIBE",
                admin.describeAcls(AclBindingFilter.ANY, new DescribeAclsOptions().timeoutMs(millis()))
                        .values()));
    }

    private void awaitEnforced(RoleAcls acls) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!existing().containsAll(acls.bindings())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "the broker did not report every created ACL within " + DurationSetting.format(timeout));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the ACLs", e);
            }
        }
    }

    private int millis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /**
     * The future's value; a failure names {@code step}. A refusal names the operation on the cluster the
     * step needs ({@code needs}) rather than echoing Kafka's message, which for these requests is the
     * broker's internal request object ("Request Request(processor=1, ...) needs DESCRIBE permission.").
     *
     * @throws NotAuthorizedException if the principal may not do the step
     */
    private <T> T await(String step, String needs, org.apache.kafka.common.KafkaFuture<T> future) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof AuthorizationException) {
                throw new NotAuthorizedException(step, needs, cause);
            }
            throw new IllegalStateException(
                    "Cannot " + step + ": " + cause.getMessage()
                            + " (expected a client config of the cluster's administrator, a super user)",
                    cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Cannot " + step + ": no answer within " + DurationSetting.format(timeout), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while trying to " + step, e);
        }
    }

    /**
     * The cluster refused a step to this principal: {@link #step()} ("describe the cluster's ACLs") needs
     * the operation {@link #needs()} ({@code DESCRIBE}, {@code DESCRIBE_CONFIGS}, {@code ALTER},
     * {@code ALTER_CONFIGS}) on the cluster resource, or a super user.
     */
    public static final class NotAuthorizedException extends IllegalStateException {

        private final String step;
        private final String needs;

        NotAuthorizedException(String step, String needs, Throwable cause) {
            super(
                    "Cannot " + step + ": not authorised (this needs " + needs + " on the cluster, or a super user)",
                    cause);
            this.step = step;
            this.needs = needs;
        }

        public String step() {
            return step;
        }

        public String needs() {
            return needs;
        }
    }
}
