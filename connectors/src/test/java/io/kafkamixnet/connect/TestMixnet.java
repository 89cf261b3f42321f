package io.kafkamixnet.connect;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A real mix network for the bridge's tests, built as {@code DemoNetwork} builds the demo's: two forward
 * mixers and one response mixer (the topology's {@link MixerApplication}, exactly-once, timed mixing every
 * 200 ms), each exiting to the given services' exit topics, and clients that route through both forward
 * mixers. No service is started: the bridge under test answers the exit topics.
 */
final class TestMixnet implements AutoCloseable {

    static final List<String> FORWARD = List.of("mix-1", "mix-2");
    static final String RESPONSE = "resp-1";

    private final Map<String, Object> clientConfig;
    private final Path workDir;
    private final String prefix = "bridge-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<String> services;
    private final Map<String, MixerApplication> mixers = new LinkedHashMap<>();
    private final List<MixnetClient> clients = new ArrayList<>();
    private final EpochSchedule schedule = EpochSchedule.of(Duration.ofHours(1), Duration.ofMinutes(10));
    private TrustPolicy trust;
    private List<String> identities;

    TestMixnet(Map<String, Object> clientConfig, Path workDir, List<String> services) {
        this.clientConfig = Map.copyOf(clientConfig);
        this.workDir = workDir;
        this.services = List.copyOf(services);
    }

    String directoryTopic() {
        return prefix + ".directory";
    }

    String inboxTopic() {
        return prefix + ".replies";
    }

    String exitTopic(String service) {
        return prefix + ".exit." + service;
    }

    private String ingress(String mixer) {
        return prefix + "." + mixer + ".in";
    }

    /** Hex identity keys of the three mixers, for {@code mixnet.trusted.identities}. */
    List<String> identities() {
        return identities;
    }

    TestMixnet start() throws Exception {
        SecureRandom random = new SecureRandom();
        long epoch = schedule.epochAt(System.currentTimeMillis());
        for (String id : FORWARD) {
            MixerKeys.provision(workDir.resolve("keys").resolve(id), epoch, 2, random);
        }
        MixerKeys.provision(workDir.resolve("keys").resolve(RESPONSE), epoch, 2, random);
        Map<String, String> properties = new HashMap<>();
        clientConfig.forEach((k, v) -> properties.put(k, String.valueOf(v)));
        String bootstrap = properties.remove("bootstrap.servers");
        ClientSettings cluster = ClientSettings.of(bootstrap, properties);
        for (String id : FORWARD) {
            Map<String, String> c = common(id);
            c.put("mixer.role", "forward");
            for (String other : FORWARD) {
                if (!other.equals(id)) {
                    c.put("next-hop." + other, ingress(other));
                }
            }
            for (String s : services) {
                c.put("exit." + s, exitTopic(s));
            }
            mixers.put(id, MixerApplication.create(MixerConfig.fromMap(c, workDir), cluster));
        }
        Map<String, String> r = common(RESPONSE);
        r.put("mixer.role", "response");
        r.put("topic.reply-inbox", inboxTopic());
        mixers.put(RESPONSE, MixerApplication.create(MixerConfig.fromMap(r, workDir), cluster));
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        for (MixerApplication m : mixers.values()) {
            starts.add(CompletableFuture.runAsync(m::start));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        for (MixerApplication m : mixers.values()) {
            if (!m.awaitRunning(Duration.ofSeconds(120))) {
                throw new IllegalStateException("mixer " + m.config().mixerId() + " did not reach RUNNING");
            }
        }
        identities = new ArrayList<>();
        for (MixerApplication m : mixers.values()) {
            identities.add(m.identity().orElseThrow());
        }
        trust = TrustPolicy.trustingHex(identities);
        return this;
    }

    private Map<String, String> common(String id) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mixer.id", id);
        c.put("mixer.application-id", prefix + "-" + id);
        c.put("strategy", "timed");
        c.put("strategy.interval", "200ms");
        c.put("topic.ingress", ingress(id));
        c.put("keys.dir", workDir.resolve("keys").resolve(id).toString());
        c.put("epoch.length", "1h");
        c.put("epoch.grace", "10m");
        c.put("directory.topic", directoryTopic());
        c.put("state.dir", workDir.resolve("state").resolve(id).toString());
        c.put("processing.guarantee", "exactly_once_v2");
        c.put("topics.provision", "all");
        c.put("topics.replication-factor", "-1");
        c.put("kafka.commit.interval.ms", "100");
        clientConfig.forEach((k, v) -> c.put("kafka." + k, String.valueOf(v)));
        return c;
    }

    /**
     * A client with its own Kafka settings plus {@code extra} (e.g. a distinctive {@code client.id} that the
     * HTTP service must never see), closed with the network.
     */
    MixnetClient client(Map<String, Object> extra, Duration requestTimeout) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.putAll(extra);
        MixnetClient client = MixnetClient.builder()
                .clientConfig(c)
                .directoryTopic(directoryTopic())
                .trustPolicy(trust)
                .replyInboxTopic(inboxTopic())
                .forwardHops(FORWARD.size())
                .replyHops(1)
                .hopDelay(DelayDistribution.zero())
                .epochSchedule(schedule)
                .requestTimeout(requestTimeout)
                .build();
        clients.add(client);
        return client;
    }

    /** Reply packets the response mixer dropped as replays (a second reply built from a used SURB). */
    long replaysDroppedByTheResponseMixer() {
        return mixers.get(RESPONSE).metrics().rejectionCount(io.kafkamixnet.topology.RejectionReason.REPLAY);
    }

    @Override
    public void close() {
        clients.forEach(MixnetClient::close);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (MixerApplication m : mixers.values()) {
            closing.add(CompletableFuture.runAsync(m::close));
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
    }
}
