package io.kafkamixnet.faults.harness;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.cli.MixnetCommand;
import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.client.service.MixnetService;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * A small mix network whose mixers are separate processes, as operators run them: a forward pool
 * mixer {@value #FORWARD} (the one the fault tests hit) exiting to an echo service, and a response
 * mixer {@value #RESPONSE} (timed) delivering replies to a shared inbox. Each mixer has its key
 * directory written by {@code mixnet keygen}, a properties file and a state directory that survives
 * its restarts, and publishes a signed descriptor; the echo service and the clients (the client SDK)
 * run in the test JVM and read the directory. Topic names carry a random run id.
 *
 * <p>The pool mixer needs traffic to release its last {@code n_min} packets, so the clients send
 * Poisson cover traffic, as a real deployment does.
 */
public final class FaultNetwork implements AutoCloseable {

    public static final String FORWARD = "pool-1";
    public static final String RESPONSE = "resp-1";
    public static final String SERVICE = "echo";

    private final String bootstrapServers;
    private final Path work;
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, MixerProcess> mixers = new LinkedHashMap<>();
    private final Map<String, String> identities = new LinkedHashMap<>();
    private final List<MixnetClient> clients = new ArrayList<>();
    private final RequestLedger ledger = new RequestLedger();
    private MixnetService service;

    private FaultNetwork(String bootstrapServers, Path work) {
        this.bootstrapServers = bootstrapServers;
        this.work = work;
    }

    /**
     * Writes keys and configs, starts both mixer processes and waits until they run, then the echo
     * service and {@code clientCount} clients.
     */
    public static FaultNetwork start(String bootstrapServers, Path work, int clientCount) throws Exception {
        FaultNetwork n = new FaultNetwork(bootstrapServers, work);
        try {
            n.startMixers();
            n.startServiceAndClients(clientCount);
            return n;
        } catch (Exception | AssertionError e) {
            n.close();
            throw e;
        }
    }

    public String ingressTopic(String mixer) {
        return prefix() + "." + mixer + ".in";
    }

    public String deadLetterTopic(String mixer) {
        return ingressTopic(mixer) + ".dead-letter";
    }

    public String exitTopic() {
        return prefix() + ".exit." + SERVICE;
    }

    public String applicationId(String mixer) {
        return prefix() + "-" + mixer;
    }

    public MixerProcess mixer(String id) {
        return mixers.get(id);
    }

    public List<MixnetClient> clients() {
        return clients;
    }

    public RequestLedger ledger() {
        return ledger;
    }

    public MixnetService service() {
        return service;
    }

    public ClientSettings clientSettings() {
        return ClientSettings.of(bootstrapServers);
    }

    private String prefix() {
        return "faults-" + runId;
    }

    private void startMixers() throws Exception {
        for (String id : List.of(FORWARD, RESPONSE)) {
            Path keys = work.resolve("keys").resolve(id);
            identities.put(id, keygen(keys));
            Path config = writeConfig(id, keys);
            mixers.put(id, MixerProcess.start(id, config, bootstrapServers, work.resolve(id + ".log")));
        }
        for (MixerProcess m : mixers.values()) {
            m.awaitStatus(s -> s.state().equals("RUNNING"), Duration.ofMinutes(2), "RUNNING");
        }
    }

    /** {@code mixnet keygen --dir keys --epochs 3}; returns the identity public key it printed. */
    private static String keygen(Path keys) {
        StringWriter out = new StringWriter();
        CommandLine cl = MixnetCommand.newCommandLine();
        cl.setOut(new PrintWriter(out));
        int rc = cl.execute("keygen", "--dir", keys.toString(), "--epochs", "3");
        Matcher m = Pattern.compile("identity public key [^:]*: ([0-9a-f]{64})").matcher(out.toString());
        if (rc != 0 || !m.find()) {
            throw new IllegalStateException("mixnet keygen failed (exit " + rc + "): " + out);
        }
        return m.group(1);
    }

    private Path writeConfig(String id, Path keys) throws IOException {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("mixer.id", id);
        c.put("mixer.application-id", applicationId(id));
        c.put("topic.ingress", ingressTopic(id));
        c.put("keys.dir", keys.toString());
        c.put("keys.generate", "false");
        c.put("directory.topic", prefix() + ".directory");
        c.put("directory.publish-interval", "5s");
        c.put("state.dir", work.resolve("state").resolve(id).toString());
        c.put("topics.provision", "all");
        // Transactions commit (and so release) every 100 ms, as in the demo; Kafka's default session
        // timeout (45 s) stays: a restarted instance must not need it shortened.
        c.put("kafka.commit.interval.ms", "100");
        if (id.equals(FORWARD)) {
            c.put("mixer.role", "forward");
            c.put("strategy", "pool");
            c.put("strategy.interval", "500ms");
            c.put("strategy.min-pool", "2");
            c.put("strategy.fraction", "0.6");
            c.put("exit." + SERVICE, exitTopic());
        } else {
            c.put("mixer.role", "response");
            c.put("strategy", "timed");
            c.put("strategy.interval", "500ms");
            c.put("topic.reply-inbox", prefix() + ".replies");
        }
        Properties p = new Properties();
        p.putAll(c);
        Path file = work.resolve(id + ".properties");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "fault suite mixer " + id);
        }
        return file;
    }

    private void startServiceAndClients(int clientCount) {
        TrustPolicy trust = TrustPolicy.trustingHex(List.copyOf(identities.values()));
        service = MixnetService.builder()
                .clientConfig(clientSettings())
                .exitTopic(exitTopic())
                .groupId(prefix() + "-echo")
                .directoryTopic(prefix() + ".directory")
                .trustPolicy(trust)
                .handler(request -> {
                    ledger.handled(request);
                    return request;
                })
                .build()
                .start();
        for (int i = 0; i < clientCount; i++) {
            clients.add(MixnetClient.builder()
                    .clientConfig(clientSettings())
                    .directoryTopic(prefix() + ".directory")
                    .trustPolicy(trust)
                    .replyInboxTopic(prefix() + ".replies")
                    .forwardHops(1)
                    .replyHops(1)
                    .hopDelay(DelayDistribution.zero())
                    .epochSchedule(EpochSchedule.defaults())
                    // Longer than any outage a fault test causes: a request must be answered, not time out.
                    .requestTimeout(Duration.ofMinutes(3))
                    .coverTraffic(2.0)
                    .build());
        }
    }

    /** Clients first (no more traffic), then the service, then the mixers (SIGTERM: a clean close). */
    @Override
    public void close() throws InterruptedException {
        for (MixnetClient c : clients) {
            c.close();
        }
        if (service != null) {
            service.close();
        }
        for (MixerProcess m : mixers.values()) {
            m.close();
        }
    }
}
