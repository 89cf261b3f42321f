package io.kafkamixnet.network;

import java.util.List;

/**
 * A service behind the network: the exit topic the forward mixers deliver its requests to, the
 * consumer group it reads that topic in, the response mixers its replies enter through (the first
 * hop of the reply blocks clients build), and the principal it authenticates as.
 */
public record NetworkService(
        String name, String principal, String exitTopic, String groupId, List<String> replyThrough) {

    public NetworkService {
        Names.requireId("service name", name);
        Principals.requireValid("principal of service " + name, principal);
        Names.requireTopic("service." + name + ".exit-topic", exitTopic);
        Names.requireNonBlank("service." + name + ".group", groupId);
        replyThrough = List.copyOf(replyThrough);
        if (replyThrough.isEmpty()) {
            throw new IllegalArgumentException("service." + name
                    + ".reply-through must name at least one response mixer (comma-separated ids), found nothing");
        }
    }

    /** The consumer group a service uses when none is set, as {@code mixnet service} does. */
    public static String defaultGroupId(String exitTopic) {
        return "mixnet-service." + exitTopic;
    }
}
