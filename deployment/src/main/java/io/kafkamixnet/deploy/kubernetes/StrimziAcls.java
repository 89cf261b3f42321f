package io.kafkamixnet.deploy.kubernetes;

import io.kafkamixnet.deploy.Principal;
import io.strimzi.api.kafka.model.user.KafkaUserQuotas;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTransactionalIdResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Kafka {@link AclBinding}s as the {@code acls} of a Strimzi {@code KafkaUser}, and back: the User
 * Operator creates exactly the bindings the network's role ACLs compute. One rule per resource,
 * permission and host, with its operations in a stable order.
 */
public final class StrimziAcls {

    private StrimziAcls() {}

    /** The rules for {@code bindings}, which must all be of one principal. */
    public static List<AclRule> rules(List<AclBinding> bindings) {
        Map<RuleKey, Set<io.strimzi.api.kafka.model.user.acl.AclOperation>> grouped = new LinkedHashMap<>();
        for (AclBinding b : bindings) {
            RuleKey key = new RuleKey(
                    b.pattern(), b.entry().permissionType(), b.entry().host());
            grouped.computeIfAbsent(key, k -> new TreeSet<>())
                    .add(operation(b.entry().operation()));
        }
        List<AclRule> rules = new ArrayList<>();
        grouped.forEach((key, ops) -> {
            AclRule rule = new AclRule();
            rule.setResource(resource(key.pattern()));
            rule.setType(key.permission() == AclPermissionType.DENY ? AclRuleType.DENY : AclRuleType.ALLOW);
            rule.setHost(key.host());
            rule.setOperations(new ArrayList<>(ops));
            rules.add(rule);
        });
        return rules;
    }

    /** The bindings a User Operator creates for {@code rules} of user {@code principal}. */
    public static Set<AclBinding> bindings(String principal, List<AclRule> rules) {
        Set<AclBinding> out = new java.util.HashSet<>();
        for (AclRule rule : rules) {
            ResourcePattern pattern = pattern(rule.getResource());
            AclPermissionType permission =
                    rule.getType() == AclRuleType.DENY ? AclPermissionType.DENY : AclPermissionType.ALLOW;
            String host = rule.getHost() == null ? "*" : rule.getHost();
            for (io.strimzi.api.kafka.model.user.acl.AclOperation op : rule.getOperations()) {
                out.add(new AclBinding(
                        pattern,
                        new AccessControlEntry(
                                Principal.kafkaPrincipal(principal), host, kafkaOperation(op), permission)));
            }
        }
        return out;
    }

    /**
     * Kafka client quotas by quota key as Strimzi's {@code KafkaUserQuotas}, or null for none.
     *
     * @throws IllegalArgumentException for a quota key Strimzi cannot express
     */
    public static KafkaUserQuotas quotas(Map<String, Double> quotas) {
        if (quotas.isEmpty()) {
            return null;
        }
        KafkaUserQuotas q = new KafkaUserQuotas();
        quotas.forEach((key, value) -> {
            switch (key) {
                case "producer_byte_rate" -> q.setProducerByteRate(wholeNumber(key, value));
                case "consumer_byte_rate" -> q.setConsumerByteRate(wholeNumber(key, value));
                case "request_percentage" -> q.setRequestPercentage(wholeNumber(key, value));
                case "controller_mutation_rate" -> q.setControllerMutationRate(value);
                default ->
                    throw new IllegalArgumentException(
                            "quota " + key + " has no KafkaUser field; expected"
                                    + " producer_byte_rate, consumer_byte_rate, request_percentage or controller_mutation_rate");
            }
        });
        return q;
    }

    /** The quota keys and values a {@code KafkaUserQuotas} sets. */
    public static Map<String, Double> quotas(KafkaUserQuotas q) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (q == null) {
            return out;
        }
        if (q.getProducerByteRate() != null) {
            out.put("producer_byte_rate", q.getProducerByteRate().doubleValue());
        }
        if (q.getConsumerByteRate() != null) {
            out.put("consumer_byte_rate", q.getConsumerByteRate().doubleValue());
        }
        if (q.getRequestPercentage() != null) {
            out.put("request_percentage", q.getRequestPercentage().doubleValue());
        }
        if (q.getControllerMutationRate() != null) {
            out.put("controller_mutation_rate", q.getControllerMutationRate());
        }
        return out;
    }

    private static int wholeNumber(String key, double value) {
        if (value != Math.rint(value) || value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(
                    "quota " + key + " must be a whole number 0.." + Integer.MAX_VALUE + ", found " + value);
        }
        return (int) value;
    }

    /** Strimzi names Kafka's operations without the '_' ({@code DescribeConfigs} for {@code DESCRIBE_CONFIGS}). */
    private static AclOperation kafkaOperation(io.strimzi.api.kafka.model.user.acl.AclOperation op) {
        for (AclOperation k : AclOperation.values()) {
            if (k.name().replace("_", "").equals(op.name())) {
                return k;
            }
        }
        throw new IllegalArgumentException("Strimzi ACL operation " + op + " has no Kafka operation");
    }

    private static io.strimzi.api.kafka.model.user.acl.AclOperation operation(AclOperation op) {
        if (op == AclOperation.ANY || op == AclOperation.UNKNOWN) {
            throw new IllegalArgumentException("expected a concrete ACL operation, found " + op);
        }
        return io.strimzi.api.kafka.model.user.acl.AclOperation.valueOf(
                op.name().replace("_", ""));
    }

    private static AclRuleResource resource(ResourcePattern p) {
        AclResourcePatternType patternType = switch (p.patternType()) {
            case LITERAL -> AclResourcePatternType.LITERAL;
            case PREFIXED -> AclResourcePatternType.PREFIX;
            default ->
                throw new IllegalArgumentException("expected a LITERAL or PREFIXED resource pattern, found " + p);
        };
        return switch (p.resourceType()) {
            case TOPIC -> {
                AclRuleTopicResource r = new AclRuleTopicResource();
                r.setName(p.name());
                r.setPatternType(patternType);
                yield r;
            }
            case GROUP -> {
                AclRuleGroupResource r = new AclRuleGroupResource();
                r.setName(p.name());
                r.setPatternType(patternType);
                yield r;
            }
            case TRANSACTIONAL_ID -> {
                AclRuleTransactionalIdResource r = new AclRuleTransactionalIdResource();
                r.setName(p.name());
                r.setPatternType(patternType);
                yield r;
            }
            case CLUSTER -> new AclRuleClusterResource();
            default ->
                throw new IllegalArgumentException("a KafkaUser ACL cannot name a "
                        + p.resourceType().name().toLowerCase(Locale.ROOT) + " resource: " + p);
        };
    }

    private static ResourcePattern pattern(AclRuleResource r) {
        if (r instanceof AclRuleClusterResource) {
            return new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
        }
        ResourceType type;
        String name;
        AclResourcePatternType patternType;
        if (r instanceof AclRuleTopicResource t) {
            type = ResourceType.TOPIC;
            name = t.getName();
            patternType = t.getPatternType();
        } else if (r instanceof AclRuleGroupResource g) {
            type = ResourceType.GROUP;
            name = g.getName();
            patternType = g.getPatternType();
        } else if (r instanceof AclRuleTransactionalIdResource x) {
            type = ResourceType.TRANSACTIONAL_ID;
            name = x.getName();
            patternType = x.getPatternType();
        } else {
            throw new IllegalArgumentException("unexpected KafkaUser ACL resource " + r);
        }
        return new ResourcePattern(
                type, name, patternType == AclResourcePatternType.PREFIX ? PatternType.PREFIXED : PatternType.LITERAL);
    }

    private record RuleKey(ResourcePattern pattern, AclPermissionType permission, String host) {}
}
