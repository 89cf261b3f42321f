package io.kafkamixnet.admin;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.BrokerNotAvailableException;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidReplicationFactorException;
import org.apache.kafka.common.errors.PolicyViolationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Which Kafka errors are worth waiting out at start-up: the predicate {@link StartupRetry#defaults()}
 * uses.
 *
 * <p>Transient: every {@link RetriableException} (unknown topic or partition right after a topic was
 * created, not controller, leader not available, not enough replicas, coordinator loading, network
 * errors, Kafka's {@code TimeoutException}), {@link java.util.concurrent.TimeoutException} of a bounded
 * {@code Future.get}, and {@link BrokerNotAvailableException} (a broker still registering).
 *
 * <p>Not transient, on purpose: {@link InvalidReplicationFactorException} ("only 1 broker(s) are
 * registered"). It is what a cluster says while its brokers register, but far more often it is a
 * replication factor above the cluster's broker count, and a user who asked for 3 replicas on one
 * broker should read that at once, not after the start-up timeout. Start components after the cluster
 * has formed (its brokers all registered), as Kafka's own tools expect.
 *
 * <p>Definitive, never retried even when wrapped around a transient cause: authentication and
 * authorization failures, invalid configurations (among them an invalid replication factor and an
 * invalid topic name), policy violations, unsupported versions and security being disabled, and a
 * {@link StartupException}: a step inside the step being retried already waited out its own transient
 * errors and gave up, and retrying the outer step would only wait that long again.
 *
 * <p>The error is searched through its whole cause chain (so a {@code TopicProvisioningException},
 * {@code ExecutionException}, {@code CompletionException} or {@code StreamsException} around a transient
 * Kafka error counts as transient); the first transient or definitive error found decides.
 */
public final class TransientKafkaErrors {

    private TransientKafkaErrors() {}

    /** True if {@code error} or one of its causes is transient, before any definitive one. */
    public static boolean isTransient(Throwable error) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            if (isDefinitive(t)) {
                return false;
            }
            if (t instanceof RetriableException
                    || t instanceof java.util.concurrent.TimeoutException
                    || t instanceof BrokerNotAvailableException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDefinitive(Throwable t) {
        return t instanceof AuthenticationException
                || t instanceof AuthorizationException
                || t instanceof InvalidConfigurationException
                || t instanceof PolicyViolationException
                || t instanceof UnsupportedVersionException
                || t instanceof SecurityDisabledException
                || t instanceof StartupException;
    }
}
