package io.kafkamixnet.directory;

import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.admin.TopicProvisioner;
import io.kafkamixnet.admin.TopicSpec;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;

/**
 * Creates the directory topic with the project's settings ({@link TopicSpec#directory}: compacted, one
 * partition, broker-assigned timestamps). Publishers do not create it themselves: in a cluster with ACLs
 * a mixer's principal may write the topic without being allowed to create topics.
 */
public final class DirectoryTopics {

    private DirectoryTopics() {}

    /** Creates the topic or brings its configs in line; returns what was done. */
    public static TopicProvisioner.Action ensure(Admin admin, String name) {
        return ensure(admin, TopicSpec.directory(name));
    }

    /** As {@link #ensure(Admin, String)} with an adjusted spec (e.g. a replication factor of 3). */
    public static TopicProvisioner.Action ensure(Admin admin, TopicSpec spec) {
        return ensure(admin, spec, StartupRetry.defaults());
    }

    /** As {@link #ensure(Admin, TopicSpec)}, waiting out transient cluster errors per {@code retry}. */
    public static TopicProvisioner.Action ensure(Admin admin, TopicSpec spec, StartupRetry retry) {
        return new TopicProvisioner(admin, retry).ensure(List.of(spec)).get(spec.name());
    }

    /** As {@link #ensure(Admin, String)} with a short-lived admin client built from {@code clientConfig}. */
    public static TopicProvisioner.Action ensure(Map<String, Object> clientConfig, String name) {
        try (Admin admin = Admin.create(clientConfig)) {
            return ensure(admin, name);
        }
    }
}
