package io.kafkamixnet.network;

import java.util.Optional;

/**
 * The auditor: a principal that may read every topic of the network (packet, exit, inbox, dead-letter,
 * directory and the mixers' internal topics) and describe the cluster's ACLs and quotas, but write
 * nothing. {@code groupId}, when set, is the consumer group it may read in.
 */
public record NetworkAuditor(String principal, Optional<String> groupId) {

    public NetworkAuditor {
        Principals.requireValid("auditor.principal", principal);
        groupId.ifPresent(g -> Names.requireNonBlank("auditor.group", g));
    }
}
