package io.kafkamixnet.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The clients of a network: the principals they authenticate as (each gets the same ACLs and its
 * own produce quota), the reply inbox topics they read, and the quota each principal gets.
 *
 * <p>The reply inbox is shared by design: every client reads every reply and keeps the ones its own
 * reply blocks decrypt, so reading the inbox tells the broker nothing about who waits for which reply.
 * The Java SDK reads it (and the directory) without a consumer group, so it needs no group ACL;
 * clients that read the inbox in a consumer group of their own (kafkajs and others, docs/client.md)
 * need {@code inboxGroupPrefix}: each client user may then use and delete groups starting with it.
 */
public record NetworkClients(
        List<String> principals, List<String> inboxTopics, ClientQuota quota, Optional<String> inboxGroupPrefix) {

    public NetworkClients {
        principals = List.copyOf(principals);
        inboxTopics = List.copyOf(inboxTopics);
        Objects.requireNonNull(quota, "quota");
        if (principals.isEmpty()) {
            throw new IllegalArgumentException(
                    "client.principals must name at least one client user (comma-separated), found nothing");
        }
        for (String p : principals) {
            Principals.requireValid("client.principals", p);
        }
        if (principals.stream().distinct().count() != principals.size()) {
            throw new IllegalArgumentException("client.principals must not repeat a name, found " + principals);
        }
        for (String t : inboxTopics) {
            Names.requireTopic("client.inbox-topics", t);
        }
        Objects.requireNonNull(inboxGroupPrefix, "inboxGroupPrefix");
        inboxGroupPrefix.ifPresent(p -> Names.requireNonBlank("client.inbox-group-prefix", p));
    }
}
