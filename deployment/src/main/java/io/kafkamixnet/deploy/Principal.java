package io.kafkamixnet.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.common.acl.AclBinding;

/**
 * One Kafka user of the network: a SCRAM-SHA-512 user named {@code name}, with exactly the ACLs of its
 * role and its client quotas.
 *
 * @param name the user name, also the name of its Strimzi {@code KafkaUser} (whose name is the SCRAM user
 *     name) and of its compose volume: lower-case letters, digits, '-' and '.', at most 63, starting and
 *     ending with a letter or digit
 * @param role what it is for, e.g. {@code mixer}, {@code service}, {@code client}; labels and comments only
 * @param acls every ACL binding of {@code User:name} (the ACE principal must be that user)
 * @param quotas Kafka client quotas of the user by quota key ({@code producer_byte_rate},
 *     {@code consumer_byte_rate}, {@code request_percentage}, {@code controller_mutation_rate})
 */
public record Principal(String name, String role, List<AclBinding> acls, Map<String, Double> quotas) {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-.a-z0-9]{0,61}[a-z0-9])?");

    public Principal {
        Objects.requireNonNull(name, "name");
        if (!DNS_LABEL.matcher(name).matches()) {
            throw new IllegalArgumentException("a deployed user name is also a KafkaUser name: expected lower-case"
                    + " letters, digits, '-' and '.', at most 63, starting and ending with a letter or digit, found '"
                    + name + "'");
        }
        Objects.requireNonNull(role, "role");
        acls = List.copyOf(acls);
        quotas = Map.copyOf(quotas);
        for (AclBinding b : acls) {
            if (!b.entry().principal().equals(kafkaPrincipal(name))) {
                throw new IllegalArgumentException("ACL of principal " + name + " names another principal: "
                        + b.entry().principal());
            }
        }
    }

    /** The Kafka principal string, {@code User:name}. */
    public static String kafkaPrincipal(String name) {
        return "User:" + name;
    }
}
