package io.kafkamixnet.cli.bench;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Instances of one mixer in this process: the same configuration (keys, application id, topics), each
 * with its own state directory and so its own instance id, as separate processes of one mixer would
 * run. Started through {@link MixerApplication}'s public API only.
 */
final class MixerGroup implements BenchApp {

    private final List<MixerApplication> instances = new ArrayList<>();

    /**
     * @param config   the shared mixer configuration ({@link BenchMixer#config}), without {@code state.dir}
     * @param stateDir instance i keeps its state in {@code stateDir/mixer-i}
     */
    MixerGroup(ClientSettings cluster, Map<String, String> config, int instanceCount, Path stateDir)
            throws IOException {
        try {
            for (int i = 0; i < instanceCount; i++) {
                Map<String, String> c = new HashMap<>(config);
                c.put("state.dir", stateDir.resolve("mixer-" + i).toString());
                instances.add(MixerApplication.create(MixerConfig.fromMap(c, stateDir), cluster));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Creates the mixer's topics now (as its start would), so that packets can be loaded before it starts. */
    void provisionTopics(org.apache.kafka.clients.admin.Admin admin) {
        new io.kafkamixnet.admin.TopicProvisioner(admin).ensure(instances.get(0).topicSpecs());
    }

    @Override
    public void start() {
        instances.forEach(MixerApplication::start);
    }

    @Override
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (MixerApplication m : instances) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !m.awaitRunning(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<Throwable> failure() {
        return instances.stream()
                .map(MixerApplication::failure)
                .flatMap(Optional::stream)
                .findFirst();
    }

    /** Packets accepted (held) by all instances so far. */
    long accepted() {
        return instances.stream().mapToLong(m -> m.metrics().acceptedCount()).sum();
    }

    /** Packets held by all instances now. */
    long held() {
        return instances.stream().mapToLong(m -> m.metrics().heldCount()).sum();
    }

    /** Packets released by all instances so far. */
    long released() {
        return instances.stream().mapToLong(m -> m.metrics().releasedCount()).sum();
    }

    /** Packets rejected by all instances so far (a benchmark's packets should never be). */
    long rejected() {
        long n = 0;
        for (MixerApplication m : instances) {
            for (io.kafkamixnet.topology.RejectionReason r : io.kafkamixnet.topology.RejectionReason.values()) {
                n += m.metrics().rejectionCount(r);
            }
        }
        return n;
    }

    @Override
    public void close() {
        instances.forEach(MixerApplication::close);
    }
}
