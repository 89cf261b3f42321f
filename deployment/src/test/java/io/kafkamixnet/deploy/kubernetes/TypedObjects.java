package io.kafkamixnet.deploy.kubernetes;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads manifest files back into their typed classes, strictly: an unknown field fails the read, and
 * one that a class keeps aside (fabric8 and Strimzi classes collect unknown fields in
 * {@code additionalProperties} rather than fail) is reported with its path.
 */
final class TypedObjects {

    /** Each kind the manifests may hold, with the apiVersion it must be written in. */
    static final Map<String, Kind> KINDS = Map.of(
            "Kafka", new Kind(Kafka.class, "kafka.strimzi.io/v1"),
            "KafkaNodePool", new Kind(KafkaNodePool.class, "kafka.strimzi.io/v1"),
            "KafkaTopic", new Kind(KafkaTopic.class, "kafka.strimzi.io/v1"),
            "KafkaUser", new Kind(KafkaUser.class, "kafka.strimzi.io/v1"),
            "ConfigMap", new Kind(ConfigMap.class, "v1"),
            "PersistentVolumeClaim", new Kind(PersistentVolumeClaim.class, "v1"),
            "Deployment", new Kind(Deployment.class, "apps/v1"),
            "NetworkPolicy", new Kind(NetworkPolicy.class, "networking.k8s.io/v1"),
            "Job", new Kind(Job.class, "batch/v1"),
            "PodMonitor", new Kind(PodMonitor.class, "monitoring.coreos.com/v1"));

    record Kind(Class<? extends HasMetadata> type, String apiVersion) {}

    private static final YAMLMapper STRICT = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private TypedObjects() {}

    /** The YAML documents of a file as trees (an empty document, e.g. before the first ---, is skipped). */
    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = STRICT.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isMissingNode() && !n.isNull()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    /**
     * One document as its typed class.
     *
     * @throws AssertionError naming the kind and field when the kind is unknown, its apiVersion is not the
     *     expected one, or a field is unknown to the class
     */
    static HasMetadata parse(JsonNode document) throws IOException {
        String kindName = document.path("kind").asText();
        Kind kind = KINDS.get(kindName);
        if (kind == null) {
            throw new AssertionError("unexpected kind '" + kindName + "' in " + document);
        }
        String apiVersion = document.path("apiVersion").asText();
        if (!apiVersion.equals(kind.apiVersion())) {
            throw new AssertionError(kindName + " must be written in " + kind.apiVersion() + ", found " + apiVersion);
        }
        HasMetadata object = STRICT.treeToValue(document, kind.type());
        List<String> unknown = new ArrayList<>();
        collectUnknown(object, kindName + " " + object.getMetadata().getName(), unknown, new IdentityHashMap<>());
        if (!unknown.isEmpty()) {
            throw new AssertionError("fields unknown to " + kind.type().getName() + ": " + unknown);
        }
        return object;
    }

    /** Every non-empty {@code additionalProperties} map reachable from {@code value}, by path. */
    private static void collectUnknown(
            Object value, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> collectUnknown(v, path + "." + k, out, seen));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object v : list) {
                collectUnknown(v, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.") && !pkg.startsWith("io.strimzi.")) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0
                    || Modifier.isStatic(m.getModifiers())
                    || !m.getName().startsWith("get")
                    || m.getReturnType().isPrimitive()
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object child;
            try {
                child = m.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue; // computed getters of the model (e.g. plural names) that need more than the object
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
                continue;
            }
            collectUnknown(child, path + "." + property(m.getName()), out, seen);
        }
    }

    private static String property(String getter) {
        String p = getter.substring(3);
        return p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }
}
