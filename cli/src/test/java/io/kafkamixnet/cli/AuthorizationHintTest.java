package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kafkamixnet.directory.DirectoryException;
import java.util.Set;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;

class AuthorizationHintTest {

    @Test
    void eachKafkaRefusalGetsWhatToDo() {
        assertThat(AuthorizationHint.of(
                        new IllegalStateException("start", new TopicAuthorizationException(Set.of("mix-1.in")))))
                .hasValueSatisfying(h ->
                        assertThat(h).contains("no ACL for topic(s) [mix-1.in]", "mixnet acls --network", "--check"));
        // What a mixer says when its user may write nothing (seen in SecuredNetworkIT).
        assertThat(AuthorizationHint.of(new DirectoryException(
                        "cannot publish the descriptor of mixer mix-1 to d: Cluster authorization failed.",
                        new ClusterAuthorizationException("Cluster authorization failed."))))
                .hasValueSatisfying(h -> assertThat(h).contains("may write no topic at all", "another role's user"));
        assertThat(AuthorizationHint.of(new GroupAuthorizationException("x", "svc-group")))
                .hasValueSatisfying(h -> assertThat(h).contains("consumer group svc-group"));
        assertThat(AuthorizationHint.of(new TransactionalIdAuthorizationException("x")))
                .hasValueSatisfying(h -> assertThat(h).contains("transactional ids"));
        assertThat(AuthorizationHint.of(new SaslAuthenticationException("bad")))
                .hasValueSatisfying(h -> assertThat(h).contains("login was refused"));
        assertThat(AuthorizationHint.of(new IllegalArgumentException("bad value")))
                .isEmpty();
    }
}
