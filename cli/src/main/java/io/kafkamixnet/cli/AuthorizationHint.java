package io.kafkamixnet.cli;

import java.util.Optional;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * What to do about a refused login or a missing ACL, for the line a command prints when it fails:
 * Kafka's own messages name the resource ("Not authorized to access topics: [x]") or not even that
 * ("Cluster authorization failed." when a producer may write no topic at all).
 */
final class AuthorizationHint {

    private static final String ACLS =
            "`mixnet acls --network network.properties` prints the ACLs each role needs, `--check` what the"
                    + " cluster lacks (docs/operations.md, Security)";

    private AuthorizationHint() {}

    /**
     * A sentence for the first login or authorization error in {@code error}'s causes, if any; none for an
     * {@link ExplainedException}.
     */
    static Optional<String> of(Throwable error) {
        if (error instanceof ExplainedException) {
            return Optional.empty(); // its message already says what to do
        }
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SaslAuthenticationException) {
                return Optional.of("The login was refused: check the user name, password and sasl.mechanism in"
                        + " --client-config.");
            }
            if (t instanceof TopicAuthorizationException e) {
                return Optional.of("The user this command logs in as has no ACL for topic(s) " + e.unauthorizedTopics()
                        + " it needs; " + ACLS + ".");
            }
            if (t instanceof GroupAuthorizationException e) {
                return Optional.of("The user this command logs in as may not use consumer group "
                        + (e.groupId() == null ? "(unnamed)" : e.groupId()) + "; " + ACLS + ".");
            }
            if (t instanceof TransactionalIdAuthorizationException) {
                return Optional.of("The user this command logs in as may not use its transactional ids"
                        + " (<mixer.application-id>- prefixed): is it the mixer's own user? " + ACLS + ".");
            }
            if (t instanceof ClusterAuthorizationException) {
                return Optional.of("The user this command logs in as may write no topic at all, so its producer"
                        + " gets no producer id (Kafka asks for WRITE on some topic): it is another role's user, or"
                        + " its role's ACLs are not applied; " + ACLS + ".");
            }
        }
        return Optional.empty();
    }
}
