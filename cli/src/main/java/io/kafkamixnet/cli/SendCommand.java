package io.kafkamixnet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.DurationSetting;
import io.kafkamixnet.cli.bench.ProgressLine;
import io.kafkamixnet.cli.send.ClientPropertiesFile;
import io.kafkamixnet.cli.send.LoadReport;
import io.kafkamixnet.cli.send.SendOutcome;
import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.MessageTooLargeException;
import io.kafkamixnet.client.MixnetClient;
import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.directory.EpochSchedule;
import io.kafkamixnet.directory.TrustPolicy;
import io.kafkamixnet.packet.RoutingCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mixnet send --service NAME}: one request through the mixnet with the client SDK, its reply
 * printed; or, with {@code --count}, a quick load at {@code --rate} with a progress line and a latency
 * summary. What kcat is for Kafka: the first thing to reach for to check a network.
 */
@Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Send a request through the mixnet and print the reply (as it is, or --json with latency and fragments).",
            "The request is --data, --file, or standard input. With --count N: N requests at --rate per second,",
            "a progress line on stderr and a latency summary (p50/p95/p99, errors by kind).",
            "Where the network is: --directory-topic, --reply-inbox and the mixer operators' identity keys",
            "(--trusted-identity / --trusted-identities-file), or the same in a --client-properties file",
            "(directory.topic, reply.inbox.topic, trusted.identities[.file], kafka.*; see docs/client.md). Flags win."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the reply arrived (with --count: every reply)",
            "1:another failure: the client could not start (cluster, topics), produce or read replies",
            "2:usage error",
            "3:timeout: no complete reply within --timeout",
            "4:no route: the directory lists too few trusted mixers with current keys, or none announcing the service",
            "5:refused: the service answered with an error (it rejected or failed the request)",
            "With --count, a run with failures exits with the code of its most frequent failure."
        })
public final class SendCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often the load mode redraws its progress line. */
    private static final Duration PROGRESS_EVERY = Duration.ofMillis(250);

    @Option(
            names = "--service",
            required = true,
            paramLabel = "NAME",
            description = "Service to send to: a name the exit mixers announce (exit.<service>).")
    String service;

    @ArgGroup(exclusive = true)
    Payload payload;

    /** Where the request comes from; standard input when neither is given. */
    static final class Payload {
        @Option(names = "--data", paramLabel = "TEXT", description = "The request, as UTF-8 text.")
        String data;

        @Option(names = "--file", paramLabel = "FILE", description = "The request: the bytes of FILE.")
        Path file;
    }

    @Option(
            names = "--json",
            description = "Print one JSON object: status, latency_ms, request/reply bytes and fragments, the reply"
                    + " (text and base64), or the error; with --count, the summary.")
    boolean json;

    @Option(
            names = "--count",
            paramLabel = "N",
            defaultValue = "1",
            description = "Requests to send (default: ${DEFAULT-VALUE}); more than 1 prints a summary, not replies.")
    int count;

    @Option(
            names = "--rate",
            paramLabel = "R",
            defaultValue = "10",
            description = "Requests per second with --count (default: ${DEFAULT-VALUE}); sent on schedule, without"
                    + " waiting for replies.")
    double rate;

    @Option(
            names = "--cover-rate",
            paramLabel = "R",
            defaultValue = "10",
            description = "Drop packets (cover traffic) per second while the command runs, 0 for none (default:"
                    + " ${DEFAULT-VALUE}). They hide when the real request is sent, and keep pool mixers moving: a"
                    + " pool mixer keeps strategy.min-pool packets, so a lone reply waits there for other traffic.")
    double coverRate;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = DurationConverter.Positive.class,
            description = "How long a request waits for its whole reply (default: request.timeout, else 60s).")
    Duration timeout;

    @Option(
            names = "--directory-topic",
            paramLabel = "TOPIC",
            description = "Compacted directory topic of signed mixer descriptors (directory.topic).")
    String directoryTopic;

    @Option(
            names = "--reply-inbox",
            paramLabel = "TOPIC",
            description = "The shared reply inbox the response mixers write to (reply.inbox.topic).")
    String replyInbox;

    @Mixin
    TrustedIdentityOptions trusted;

    @Option(
            names = "--client-properties",
            paramLabel = "FILE",
            description = "Mixnet client settings: directory.topic, reply.inbox.topic, trusted.identities,"
                    + " trusted.identities.file, forward.hops, reply.hops, epoch.length, epoch.grace,"
                    + " request.timeout, and Kafka client properties as kafka.<property>.")
    Path clientProperties;

    @Option(
            names = "--forward-hops",
            paramLabel = "N",
            description = "Distinct forward mixers per route (default: forward.hops, else 2).")
    Integer forwardHops;

    @Option(
            names = "--reply-hops",
            paramLabel = "N",
            description = "Distinct response mixers per reply route (default: reply.hops, else 1).")
    Integer replyHops;

    @Option(
            names = "--epoch-length",
            paramLabel = "DURATION",
            converter = DurationConverter.EpochLength.class,
            description = "The network's key epoch length (default: epoch.length, else 1h); must match the mixers'.")
    Duration epochLength;

    @Option(
            names = "--epoch-grace",
            paramLabel = "DURATION",
            converter = DurationConverter.EpochGrace.class,
            description = "The network's key grace period (default: epoch.grace, else 10m); must match the mixers'.")
    Duration epochGrace;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    StartupOptions startup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 1_000_000) {
            throw usage("--count must be 1..1000000, found " + count);
        }
        if (!(rate > 0) || rate > 100_000) {
            throw usage("--rate must be > 0 and at most 100000 requests per second, found " + rate);
        }
        if (!(coverRate >= 0) || coverRate > 1_000) {
            throw usage("--cover-rate must be 0..1000 packets per second, found " + coverRate);
        }
        try {
            new RoutingCommand.Exit(service); // the packet format's rule for a service name
        } catch (IllegalArgumentException e) {
            throw usage("--service: " + e.getMessage());
        }
        ClientPropertiesFile file = clientPropertiesFile();
        MixnetClient.Builder builder = clientBuilder(file);
        byte[] request = readRequest();
        try (MixnetClient client = started(builder)) {
            MessageLimits limits = client.limits();
            int requestFragments;
            try {
                requestFragments = limits.fragmentsFor(request.length, 0);
            } catch (MessageTooLargeException e) {
                throw usage("the request is too large: " + e.getMessage());
            }
            return count == 1 ? sendOne(client, request, requestFragments) : sendMany(client, request);
        }
    }

    /** Starts the client; a start-up that gave up names --startup-timeout, the option the user sets. */
    private MixnetClient started(MixnetClient.Builder builder) {
        try {
            return builder.build();
        } catch (MixnetException e) {
            throw StartupOptions.namingTheOption(e);
        }
    }

    private int sendOne(MixnetClient client, byte[] request, int requestFragments) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        CompletableFuture<byte[]> future = client.request(service, request);
        byte[] reply;
        try {
            reply = future.get();
        } catch (ExecutionException e) {
            SendOutcome outcome = SendOutcome.of(e);
            String message = SendOutcome.message(e);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("service", service);
                m.put("status", outcome.label());
                m.put("error", message);
                m.put("latency_ms", millis(System.nanoTime() - start));
                m.put("request_bytes", request.length);
                m.put("request_fragments", requestFragments);
                m.put("exit_code", outcome.exitCode());
                printJson(out, m);
            }
            err.println(spec.qualifiedName() + ": " + outcome.label() + ": " + message);
            err.flush();
            return outcome.exitCode();
        }
        double latency = millis(System.nanoTime() - start);
        if (json) {
            int replyFragments = Math.max(
                    1,
                    (reply.length + client.limits().replyBytesPerFragment() - 1)
                            / client.limits().replyBytesPerFragment());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("service", service);
            m.put("status", SendOutcome.OK.label());
            m.put("latency_ms", latency);
            m.put("request_bytes", request.length);
            m.put("request_fragments", requestFragments);
            m.put("reply_bytes", reply.length);
            m.put("reply_fragments", replyFragments);
            m.put("reply", utf8(reply));
            m.put("reply_base64", Base64.getEncoder().encodeToString(reply));
            printJson(out, m);
        } else {
            printRaw(out, reply);
        }
        return 0;
    }

    private int sendMany(MixnetClient client, byte[] request) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadReport report = new LoadReport(service, count);
        ProgressLine progress = new ProgressLine(err, System.console() != null);
        long intervalNanos = (long) (1e9 / rate);
        long start = System.nanoTime();
        long nextProgress = start;
        List<CompletableFuture<?>> inFlight = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long due = start + i * intervalNanos;
            for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
                TimeUnit.NANOSECONDS.sleep(Math.min(due - now, PROGRESS_EVERY.toNanos()));
                if (System.nanoTime() - nextProgress >= 0) {
                    progress.show(report.progress());
                    nextProgress = System.nanoTime() + PROGRESS_EVERY.toNanos();
                }
            }
            long sentAt = System.nanoTime();
            report.sent();
            inFlight.add(client.request(service, request)
                    .whenComplete((reply, error) -> report.completed(
                            error == null ? SendOutcome.OK : SendOutcome.of(error),
                            (System.nanoTime() - sentAt) / 1000)));
        }
        double sending = (System.nanoTime() - start) / 1e9;
        CompletableFuture<Void> all = CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new));
        while (!all.isDone()) {
            progress.show(report.progress());
            try {
                all.get(PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // failures are counted by kind in the report; keep waiting for the others
            }
        }
        progress.show(report.progress());
        progress.finish();
        double elapsed = (System.nanoTime() - start) / 1e9;
        if (json) {
            printJson(out, report.toJson(sending, elapsed));
        } else {
            report.print(out, sending, elapsed);
        }
        return report.exitCode();
    }

    private MixnetClient.Builder clientBuilder(ClientPropertiesFile file) {
        String directory =
                directoryTopic != null ? directoryTopic : file.directoryTopic().orElse(null);
        String inbox = replyInbox != null ? replyInbox : file.replyInboxTopic().orElse(null);
        if (directory == null) {
            throw usage("no directory topic: expected --directory-topic or directory.topic in --client-properties");
        }
        if (inbox == null) {
            throw usage("no reply inbox: expected --reply-inbox or reply.inbox.topic in --client-properties");
        }
        EpochSchedule schedule = epochSchedule(file);
        int forward = forwardHops != null ? forwardHops : file.forwardHops().orElse(2);
        int reply = replyHops != null ? replyHops : file.replyHops().orElse(1);
        // The default packet geometry bounds a route (its header has room for this many hops).
        int maxHops = io.kafkamixnet.packet.Geometry.defaults().maxHops();
        if (forward < 1 || forward > maxHops) {
            throw usage("--forward-hops (or forward.hops) must be 1.." + maxHops + ", found " + forward);
        }
        if (reply < 1 || reply > maxHops) {
            throw usage("--reply-hops (or reply.hops) must be 1.." + maxHops + ", found " + reply);
        }
        Duration requestTimeout =
                timeout != null ? timeout : file.requestTimeout().orElse(Duration.ofSeconds(60));
        if (requestTimeout.isZero() || requestTimeout.isNegative()) {
            throw usage(ClientPropertiesFile.REQUEST_TIMEOUT + " in --client-properties must be positive, found "
                    + file.written(ClientPropertiesFile.REQUEST_TIMEOUT).orElse(""));
        }
        MixnetClient.Builder b = MixnetClient.builder();
        try {
            b.clientConfig(clusterSettings(file))
                    .directoryTopic(directory)
                    .trustPolicy(trustPolicy(file))
                    .replyInboxTopic(inbox)
                    .forwardHops(forward)
                    .replyHops(reply)
                    .epochSchedule(schedule)
                    .requestTimeout(requestTimeout)
                    .coverTraffic(coverRate)
                    .maxPendingRequests(Math.max(1_000, Math.min(count, 100_000)))
                    .startTimeout(startup.startupRetry().timeout());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        return b;
    }

    /**
     * --epoch-length and --epoch-grace, else epoch.length and epoch.grace of the properties file, else the
     * defaults. The flags are checked as they are parsed; the file's values here, each message naming
     * where the value came from and echoing it as written.
     */
    private EpochSchedule epochSchedule(ClientPropertiesFile file) {
        EpochSchedule defaults = EpochSchedule.defaults();
        Duration length = epochLength != null ? epochLength : file.epochLength().orElse(defaults.epochLength());
        Duration grace = epochGrace != null ? epochGrace : file.epochGrace().orElse(defaults.grace());
        String lengthName = epochLength != null ? "--epoch-length" : ClientPropertiesFile.EPOCH_LENGTH;
        String graceName = epochGrace != null ? "--epoch-grace" : ClientPropertiesFile.EPOCH_GRACE;
        String lengthShown = shown("--epoch-length", ClientPropertiesFile.EPOCH_LENGTH, file, length);
        String graceShown = shown("--epoch-grace", ClientPropertiesFile.EPOCH_GRACE, file, grace);
        if (epochLength == null) {
            String expected = new DurationConverter.EpochLength().outOfRange(length);
            if (expected != null) {
                throw usage(lengthName + " in --client-properties: expected " + expected + ", found " + lengthShown);
            }
        }
        if (epochGrace == null) {
            String expected = new DurationConverter.EpochGrace().outOfRange(grace);
            if (expected != null) {
                throw usage(graceName + " in --client-properties: expected " + expected + ", found " + graceShown);
            }
        }
        if (grace.compareTo(length) >= 0) {
            throw usage(
                    graceName + " (" + graceShown + ") must be shorter than " + lengthName + " (" + lengthShown + ")");
        }
        return EpochSchedule.of(length, grace);
    }

    /**
     * A duration as the user wrote it: the option's text when it was given, else the file's, else the
     * default in the short form.
     */
    private String shown(String option, String key, ClientPropertiesFile file, Duration value) {
        var matched = spec.commandLine().getParseResult().matchedOption(option);
        if (matched != null && !matched.originalStringValues().isEmpty()) {
            return matched.originalStringValues().get(0);
        }
        return file.written(key).orElseGet(() -> DurationSetting.format(value));
    }

    /** kafka.* of the properties file, then --client-config and --bootstrap-servers, which win. */
    private Map<String, Object> clusterSettings(ClientPropertiesFile file) {
        Map<String, Object> config = new HashMap<>(file.kafkaProperties());
        if (cluster.isGiven()) {
            ClientSettings given;
            try {
                given = cluster.settings();
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
            config.putAll(given.asClientConfig());
        }
        Object bootstrap = config.get("bootstrap.servers");
        if (bootstrap == null || bootstrap.toString().isBlank()) {
            throw usage("no Kafka cluster: expected --bootstrap-servers, --client-config, or"
                    + " kafka.bootstrap.servers in --client-properties");
        }
        return config;
    }

    private TrustPolicy trustPolicy(ClientPropertiesFile file) {
        List<byte[]> keys = new ArrayList<>();
        List<String> hex = new ArrayList<>(file.trustedIdentities());
        hex.addAll(trusted.identities);
        for (String h : hex) {
            try {
                keys.add(TrustPolicy.parseIdentityKey(h));
            } catch (IllegalArgumentException e) {
                throw usage("trusted identity: " + e.getMessage());
            }
        }
        List<Path> files = new ArrayList<>();
        file.trustedIdentitiesFile().ifPresent(files::add);
        if (trusted.file != null) {
            files.add(trusted.file);
        }
        for (Path f : files) {
            try {
                keys.addAll(TrustPolicy.readKeyList(f));
            } catch (java.nio.file.NoSuchFileException e) {
                throw usage("trusted identities file " + f + " does not exist");
            } catch (IOException e) {
                throw usage("cannot read trusted identities from " + f + ": " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw usage(f + ": " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw usage("no mixer identity to trust: expected --trusted-identity, --trusted-identities-file, or"
                    + " trusted.identities[.file] in --client-properties");
        }
        return TrustPolicy.trusting(keys);
    }

    private ClientPropertiesFile clientPropertiesFile() {
        if (clientProperties == null) {
            return ClientPropertiesFile.empty();
        }
        try {
            return ClientPropertiesFile.load(clientProperties);
        } catch (IOException e) {
            // ErrorText: the reason with the path once (a NoSuchFileException's message is "<path>: <reason>").
            throw usage("cannot read --client-properties: " + ErrorText.of(e));
        } catch (IllegalArgumentException e) {
            throw usage("--client-properties " + e.getMessage());
        }
    }

    private byte[] readRequest() throws IOException {
        if (payload != null && payload.data != null) {
            return payload.data.getBytes(StandardCharsets.UTF_8);
        }
        if (payload != null && payload.file != null) {
            try {
                return Files.readAllBytes(payload.file);
            } catch (IOException e) {
                throw usage("cannot read --file: " + ErrorText.of(e));
            }
        }
        return System.in.readAllBytes();
    }

    /**
     * The reply as it is: as text when it is UTF-8 (with a line end, as kcat prints messages), otherwise
     * its bytes unchanged on standard output.
     */
    private static void printRaw(PrintWriter out, byte[] reply) {
        String text = utf8(reply);
        if (text != null) {
            out.print(text);
            if (!text.endsWith("\n")) {
                out.println();
            }
            out.flush();
            return;
        }
        out.flush();
        PrintStream raw = System.out;
        raw.write(reply, 0, reply.length);
        raw.flush();
    }

    /** The bytes as a string if they are valid UTF-8, else null. */
    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void printJson(PrintWriter out, Map<String, Object> m) {
        try {
            out.println(JSON.writeValueAsString(m));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
        out.flush();
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
