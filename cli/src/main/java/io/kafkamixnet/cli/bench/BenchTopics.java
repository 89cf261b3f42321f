package io.kafkamixnet.cli.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/** The topics of one benchmark run: all named after its run id, so a run deletes exactly its own. */
final class BenchTopics {

    private BenchTopics() {}

    /** Deletes every topic that starts with {@code prefix + "."} or {@code prefix + "-"}; reports a failure, never throws. */
    static void deleteWithPrefix(Admin admin, String prefix, Consumer<String> say) {
        try {
            List<String> ours = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> t.startsWith(prefix + ".") || t.startsWith(prefix + "-"))
                    .toList();
            admin.deleteTopics(ours).all().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            say.accept("Could not delete this run's topics (" + prefix + ".*): " + e.getMessage());
        }
    }
}
