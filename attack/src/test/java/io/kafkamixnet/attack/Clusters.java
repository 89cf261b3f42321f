package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.testkit.KafkaCluster;
import java.util.HashMap;
import java.util.Map;

/** The test cluster as the attack runner's {@link ClientSettings}. */
final class Clusters {

    private Clusters() {}

    static ClientSettings settings(KafkaCluster cluster) {
        Map<String, String> props = new HashMap<>();
        cluster.clientProperties().forEach((k, v) -> props.put(k, String.valueOf(v)));
        String bootstrap = props.remove("bootstrap.servers");
        return ClientSettings.of(bootstrap, props);
    }
}
