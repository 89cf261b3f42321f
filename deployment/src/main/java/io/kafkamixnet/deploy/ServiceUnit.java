package io.kafkamixnet.deploy;

import java.util.Objects;

/**
 * One service of the network: the echo service reading {@code exitTopic}.
 *
 * @param name the service name clients address (the {@code exit.<name>} key of the last forward mixers)
 * @param exitTopic the topic its requests arrive on
 * @param groupId the consumer group it reads the exit topic in
 * @param principal the Kafka user it connects as
 */
public record ServiceUnit(String name, String exitTopic, String groupId, String principal) {

    public ServiceUnit {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(exitTopic, "exitTopic");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(principal, "principal");
    }
}
