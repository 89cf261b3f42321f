package io.kafkamixnet.cli;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.client.service.MixnetService;
import io.kafkamixnet.client.service.RequestRejectedException;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.keys.MixerKeys;
import io.kafkamixnet.testkit.KafkaCluster;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The network of the README's "Run a network by hand", started in the test JVM: the mixers read
 * {@code deploy/local/mix-1.properties}, {@code mix-2.properties} and {@code resp-1.properties} (topic
 * names prefixed with a run id so runs never collide, keys and state in a temporary directory, timed
 * mixing at 300 ms to keep tests short), each with keys written as {@code mixnet keygen} writes them;
 * an echo service on {@code exit.echo} and a service on {@code exit.refuse} that refuses every request.
 * Writes a {@code mixnet send} client properties file and the trusted identities file for it.
 */
final class HandNetwork implements AutoCloseable {

    static final String REFUSAL = "refused: this service takes no requests";
    private static final List<String> FORWARD = List.of("mix-1", "mix-2");
    private static final String RESPONSE = "resp-1";

    private final String prefix = "hand-" + UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, MixerApplication> mixers = new LinkedHashMap<>();
    private final List<MixnetService> services = new ArrayList<>();
    private Path clientProperties;

    private HandNetwork() {}

    /** Starts the network; {@code mixerSettings} are added to every mixer's (e.g. {@code metrics.port=0}). */
    static HandNetwork start(KafkaCluster cluster, Path work, Map<String, String> mixerSettings) throws Exception {
        HandNetwork n = new HandNetwork();
        try {
            n.startAll(cluster, work, mixerSettings);
            return n;
        } catch (Exception | Error e) {
            n.close();
            throw e;
        }
    }

    private void startAll(KafkaCluster cluster, Path work, Map<String, String> mixerSettings) throws Exception {
        Path deploy = deployLocal();
        EpochSchedule schedule = EpochSchedule.defaults();
        long epoch = schedule.epochAt(System.currentTimeMillis());
        List<String> identities = new ArrayList<>();
        List<String> ids = new ArrayList<>(FORWARD);
        ids.add(RESPONSE);
        for (String id : ids) {
            identities.add(MixerKeys.provision(work.resolve("keys").resolve(id), epoch, 2, new SecureRandom())
                    .identityPublicKeyHex());
        }
        Path trusted = work.resolve("trusted-mixers.txt");
        Files.write(trusted, identities);
        for (String id : ids) {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("keys.dir", work.resolve("keys").resolve(id).toString());
            s.put("state.dir", work.resolve("state").resolve(id).toString());
            s.put("mixer.application-id", prefix + "-" + id);
            s.put("topic.ingress", ingress(id));
            s.put("directory.topic", directoryTopic());
            s.put("strategy.interval", "300ms");
            s.put("kafka.commit.interval.ms", "100");
            cluster.clientProperties().forEach((k, v) -> s.put("kafka." + k, String.valueOf(v)));
            if (FORWARD.contains(id)) {
                FORWARD.stream().filter(o -> !o.equals(id)).forEach(o -> s.put("next-hop." + o, ingress(o)));
                s.put("exit.echo", exitTopic("echo"));
                s.put("exit.refuse", exitTopic("refuse"));
            } else {
                s.put("topic.reply-inbox", replyInbox());
                s.put("strategy.min-pool", "0");
            }
            s.putAll(mixerSettings);
            MixerConfig config = MixerConfig.load(deploy.resolve(id + ".properties"), s);
            mixers.put(id, MixerApplication.create(config, ClientSettings.of(cluster.bootstrapServers())));
        }
        List<CompletableFuture<Void>> starts = new ArrayList<>();
        mixers.values().forEach(m -> starts.add(CompletableFuture.runAsync(m::start)));
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).join();
        for (MixerApplication m : mixers.values()) {
            if (!m.awaitRunning(Duration.ofSeconds(90))) {
                throw new IllegalStateException("mixer " + m.config().mixerId() + " did not reach RUNNING");
            }
        }
        TrustPolicy trust = TrustPolicy.trustingHex(identities);
        services.add(service(cluster, "echo", trust, request -> request));
        services.add(service(cluster, "refuse", trust, request -> {
            throw new RequestRejectedException(REFUSAL);
        }));
        clientProperties = work.resolve("mixnet-client.properties");
        Files.writeString(
                clientProperties,
                "directory.topic=" + directoryTopic() + "\n"
                        + "reply.inbox.topic=" + replyInbox() + "\n"
                        + "trusted.identities.file=" + trusted.getFileName() + "\n");
    }

    private MixnetService service(
            KafkaCluster cluster, String name, TrustPolicy trust, io.kafkamixnet.client.service.RequestHandler h) {
        return MixnetService.builder()
                .clientConfig(cluster.clientProperties())
                .exitTopic(exitTopic(name))
                .groupId(prefix + "-" + name)
                .directoryTopic(directoryTopic())
                .trustPolicy(trust)
                .handler(h)
                .startTimeout(Duration.ofSeconds(60))
                .build()
                .start();
    }

    /** {@code deploy/local} of the source tree (tests run in a module directory). */
    static Path deployLocal() throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path candidate = d.resolve("deploy").resolve("local");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IOException("no deploy/local above " + Path.of("").toAbsolutePath());
    }

    String ingress(String mixerId) {
        return prefix + "." + mixerId + ".in";
    }

    String directoryTopic() {
        return prefix + ".directory";
    }

    String replyInbox() {
        return prefix + ".replies";
    }

    String exitTopic(String service) {
        return prefix + ".exit." + service;
    }

    Map<String, MixerApplication> mixers() {
        return mixers;
    }

    MixnetService echo() {
        return services.get(0);
    }

    /** The {@code --client-properties} file for {@code mixnet send}: directory, inbox, trusted identities file. */
    Path clientProperties() {
        return clientProperties;
    }

    @Override
    public void close() {
        services.forEach(MixnetService::close);
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        mixers.values().forEach(m -> closing.add(CompletableFuture.runAsync(m::close)));
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).join();
    }
}
