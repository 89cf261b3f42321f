package io.kafkamixnet.cli;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.admin.StartupException;
import io.kafkamixnet.broker.ClusterPlan;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.broker.EmbeddedKafkaCluster;
import io.kafkamixnet.cli.demo.DemoNetwork;
import io.kafkamixnet.cli.demo.DemoOutcome;
import io.kafkamixnet.cli.demo.DemoSettings;
import io.kafkamixnet.cli.demo.DemoStrategy;
import io.kafkamixnet.cli.demo.DemoTeardown;
import io.kafkamixnet.cli.demo.DemoTraffic;
import io.kafkamixnet.cli.demo.HttpDemoService;
import io.kafkamixnet.cli.demo.LibraryLog;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The main job: a whole mix network on a real Kafka broker in this process (or on a given cluster),
 * N clients asking an echo service through two forward mixers and a response mixer, and a summary.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Run a whole mix network and show it working, with no setup.",
            // One element per paragraph: picocli wraps each to the terminal width itself.
            "Starts an embedded Kafka broker (or uses --bootstrap-servers / --client-config), two forward mixers,"
                    + " a response mixer, an echo service and simulated clients; exits 0 only if every reply matched"
                    + " its request."
        })
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    StartupOptions startup;

    @Option(
            names = "--strategy",
            converter = StrategyConverter.class,
            defaultValue = "timed",
            description =
                    "Mixing strategy of every mixer: timed, threshold, pool or continuous (default: ${DEFAULT-VALUE}).")
    DemoStrategy strategy;

    @Option(names = "--clients", defaultValue = "8", description = "Simulated clients (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--requests", defaultValue = "10", description = "Requests per client (default: ${DEFAULT-VALUE}).")
    int requests;

    @Option(
            names = "--cover-rate",
            defaultValue = "2",
            description = "Drop cover packets per second per client, Poisson (default: ${DEFAULT-VALUE}).")
    double coverRate;

    @Option(
            names = "--defences",
            description = "Forward mixers send dummies (flushes topped up to 4) and heartbeat loops (2/s), and"
                    + " the summary shows them (docs/defences.md).")
    boolean defences;

    @Option(
            names = "--metrics-port",
            defaultValue = "-1",
            description = "Mixers serve Prometheus metrics at /metrics on loopback: 0 picks free ports, a port P"
                    + " gives mix-1, mix-2 and resp-1 P, P+1 and P+2 (default: none). The URLs are printed once"
                    + " the mixers run (docs/operations.md, \"Metrics\").")
    int metricsPort;

    @Option(
            names = "--epoch-length",
            defaultValue = "1h",
            converter = DurationConverter.EpochLength.class,
            description = "Key epoch length (default: ${DEFAULT-VALUE}).")
    Duration epochLength;

    @Option(
            names = "--epoch-grace",
            defaultValue = "10m",
            converter = DurationConverter.EpochGrace.class,
            description = "Previous epoch's grace (default: ${DEFAULT-VALUE}).")
    Duration epochGrace;

    @Option(
            names = "--nodes",
            defaultValue = "1",
            description = "Brokers of the embedded Kafka cluster (default: ${DEFAULT-VALUE}); 3 runs a replicated"
                    + " cluster with min.insync.replicas=2.")
    int nodes;

    @Option(
            names = "--replication-factor",
            description =
                    "Replicas of every topic the demo's mixers create, Kafka Streams changelogs included"
                            + " (default: the embedded cluster's size up to 3, or the given cluster's default.replication.factor).")
    Short replicationFactor;

    @Option(
            names = "--service",
            defaultValue = "echo",
            description = "What answers the requests: echo (in-process) or http, the Kafka Connect HTTP bridge's"
                    + " caller POSTing each request to --url, or to a built-in http-echo server without it"
                    + " (default: ${DEFAULT-VALUE}).")
    String service;

    @Option(
            names = "--url",
            description = "With --service http: the unmodified HTTP service to call (http:// or https://);"
                    + " without it, a built-in http-echo on loopback.")
    String url;

    @Option(
            names = "--secure",
            description = "Run on a secured embedded broker (SASL/SCRAM, ACLs enforced): every mixer, the service,"
                    + " each client and an auditor log in as a user of their own with only the ACLs their role needs"
                    + " (the same as mixnet acls prints).")
    boolean secure;

    @Option(
            names = "--keep-network",
            description = "After the run, keep the embedded broker and its log directory, print the bootstrap"
                    + " servers, log directory, directory topic and the exact 'mixnet audit' command, and wait for"
                    + " Ctrl-C (which stops the broker and deletes its data).")
    boolean keepNetwork;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        HttpDemoService httpService = httpService();
        if (secure && (cluster.isGiven() || nodes != 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--secure starts its own secured single-node broker: it does not go with --bootstrap-servers,"
                            + " --client-config or --nodes");
        }
        if (nodes < 1 || nodes > ClusterPlan.MAX_NODES) {
            throw new ParameterException(
                    spec.commandLine(), "--nodes must be 1.." + ClusterPlan.MAX_NODES + ", found " + nodes);
        }
        if (nodes > 1 && cluster.isGiven()) {
            throw new ParameterException(
                    spec.commandLine(), "--nodes starts an embedded cluster: it does not go with a given cluster");
        }
        if (replicationFactor != null && replicationFactor < 1 && replicationFactor != -1) {
            throw new ParameterException(
                    spec.commandLine(), "--replication-factor must be >= 1 or -1, found " + replicationFactor);
        }
        if (replicationFactor != null && !cluster.isGiven() && replicationFactor > nodes) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--replication-factor " + replicationFactor + " needs at least as many brokers; --nodes is "
                            + nodes);
        }
        if (keepNetwork && (cluster.isGiven() || nodes != 1)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--keep-network keeps the embedded single broker for 'mixnet audit --log-dir': it does not go with"
                            + (cluster.isGiven() ? " a given cluster" : " --nodes " + nodes));
        }
        short replicas = replicationFactor != null
                ? replicationFactor
                : cluster.isGiven() ? (short) -1 : (short) Math.min(3, nodes);
        DemoSettings settings;
        try {
            settings = DemoSettings.defaults(strategy)
                    .withTraffic(clients, requests)
                    .withCover(coverRate)
                    .withEpochs(epochLength, epochGrace)
                    .withReplicationFactor(replicas)
                    .withDefences(defences)
                    .withMetricsPort(metricsPort);
        } catch (IllegalArgumentException e) {
            // Out-of-range option values (--clients 0, --cover-rate -1, a grace not shorter than the
            // epoch): a usage error, reported before anything starts.
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        long started = System.nanoTime();
        AutoCloseable broker = null;
        EmbeddedKafkaBroker secured = null;
        Path workDir = Files.createTempDirectory("mixnet-demo-");
        // Created now so that error messages after the run go to the real standard error, not to the log file.
        spec.commandLine().getErr();
        // Kept after the run (unlike workDir): it is what to look at when a run fails.
        LibraryLog libraryLog = LibraryLog.redirect(Files.createTempFile("mixnet-demo-", ".log"));
        say(out, started, "Broker and library log (Kafka, Streams, mixers): " + libraryLog.file());
        DemoTeardown teardown = new DemoTeardown(workDir, libraryLog.file(), out).install();
        try {
            ClientSettings settingsForCluster;
            if (cluster.isGiven()) {
                settingsForCluster = cluster.settings();
                say(out, started, "Using the Kafka cluster at " + settingsForCluster.bootstrapServers());
            } else if (secure) {
                EmbeddedKafkaBroker single =
                        EmbeddedKafkaBroker.start(io.kafkamixnet.broker.EmbeddedBrokerSettings.builder()
                                .secure(true)
                                .build());
                broker = single;
                secured = single;
                teardown.broker(broker);
                settingsForCluster = ClientSettings.of(
                        single.bootstrapServers(),
                        single.superUser().orElseThrow().saslProperties());
                say(
                        out,
                        started,
                        "Started a secured embedded Kafka broker at " + single.bootstrapServers()
                                + " (SASL_PLAINTEXT, SCRAM-SHA-512, ACLs enforced) in "
                                + single.startupTime().toMillis() + " ms");
            } else if (nodes == 1) {
                EmbeddedKafkaBroker single = EmbeddedKafkaBroker.start();
                broker = single;
                teardown.broker(broker);
                settingsForCluster = ClientSettings.of(single.bootstrapServers());
                say(
                        out,
                        started,
                        "Started an embedded Kafka broker at " + single.bootstrapServers() + " in "
                                + single.startupTime().toMillis() + " ms");
            } else {
                EmbeddedKafkaCluster embedded = EmbeddedKafkaCluster.start(nodes);
                broker = embedded;
                teardown.broker(broker);
                settingsForCluster = ClientSettings.of(embedded.bootstrapServers());
                say(
                        out,
                        started,
                        "Started an embedded Kafka cluster of " + nodes + " brokers at "
                                + embedded.bootstrapServers() + " in "
                                + embedded.startupTime().toMillis() + " ms");
            }
            if (replicas != -1) {
                say(
                        out,
                        started,
                        "Every topic the mixers create (Kafka Streams changelogs included) has " + replicas
                                + " replicas");
            }
            DemoOutcome finished;
            String directoryTopic;
            try (DemoNetwork network = startNetwork(
                    settingsForCluster,
                    secured,
                    settings,
                    workDir,
                    out,
                    started,
                    httpService == null ? DemoNetwork.ServiceSetup.ECHO : httpService)) {
                teardown.network(network);
                network.metricsEndpoints()
                        .forEach((id, uri) -> say(out, started, "Mixer " + id + " serves its metrics at " + uri));
                if (httpService != null) {
                    say(out, started, "The same bridge as a Kafka Connect connector (plugin: mixnet-http-bridge):");
                    httpService.connectorConfig().forEach((k, v) -> out.printf("          %s=%s%n", k, v));
                }
                say(
                        out,
                        started,
                        "Sending " + settings.totalRequests() + " requests (" + settings.clients() + " clients x "
                                + settings.requestsPerClient() + ", Poisson arrivals, mean gap "
                                + settings.meanRequestInterval().toMillis()
                                + " ms per client)");
                ProgressLine progress = new ProgressLine(out, System.console() != null);
                DemoOutcome outcome = new DemoTraffic(network).run(progress::show);
                progress.finish();
                if (httpService != null && !httpService.echoSummary().isEmpty()) {
                    say(out, started, httpService.echoSummary());
                }
                say(out, started, "Traffic done; closing clients, service and mixers");
                outcome.print(out);
                finished = outcome;
                directoryTopic = network.directoryTopic();
            }
            teardown.network(null);
            if (keepNetwork && broker instanceof EmbeddedKafkaBroker single) {
                teardown.keptForAudit();
                keepForAudit(out, single, directoryTopic);
            }
            return finished.succeeded() ? 0 : 1;
        } finally {
            teardown.finish();
            LibraryLog.Counts counts = libraryLog.counts();
            libraryLog.close();
            if (counts.errors() > 0 || counts.warnings() > 0) {
                out.printf(
                        "Library log: %d error and %d warning lines (Kafka retries most of them; read it when a run fails): %s%n",
                        counts.errors(), counts.warnings(), libraryLog.file());
            }
            out.printf("Finished in %.1f s.%n", (System.nanoTime() - started) / 1e9);
            out.flush();
        }
    }

    /**
     * Starts the network; a start-up that gave up says that {@code --startup-timeout} is what bounds it (the
     * message of a mixer names its own setting, which this option sets).
     */
    private DemoNetwork startNetwork(
            ClientSettings cluster,
            EmbeddedKafkaBroker secured,
            DemoSettings settings,
            Path workDir,
            PrintWriter out,
            long started,
            DemoNetwork.ServiceSetup serviceSetup)
            throws IOException, InterruptedException {
        Duration timeout = startup.startupRetry().timeout();
        try {
            if (secured != null) {
                return DemoNetwork.startSecured(
                        cluster,
                        secured::createScramUser,
                        settings,
                        workDir,
                        step -> say(out, started, step),
                        timeout,
                        serviceSetup);
            }
            return DemoNetwork.start(
                    cluster,
                    settings,
                    workDir,
                    step -> say(out, started, step),
                    java.util.Map.of(),
                    timeout,
                    serviceSetup);
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StartupException s && s.timedOut()) {
                    throw new IllegalStateException(
                            "the mix network did not start: " + e.getMessage() + " (--startup-timeout, now "
                                    + io.kafkamixnet.admin.DurationSetting.format(timeout)
                                    + ", bounds the start-up of every mixer, the service and the clients)",
                            e);
                }
            }
            throw e;
        }
    }

    /** The HTTP bridge of --service http (null for echo); a bad --service or --url is a usage error. */
    private HttpDemoService httpService() {
        switch (service) {
            case "echo" -> {
                if (url != null) {
                    throw new ParameterException(spec.commandLine(), "--url goes with --service http");
                }
                return null;
            }
            case "http" -> {
                if (url != null) {
                    java.net.URI uri;
                    try {
                        uri = new java.net.URI(url);
                    } catch (java.net.URISyntaxException e) {
                        throw new ParameterException(spec.commandLine(), "--url must be a URL: " + e.getMessage());
                    }
                    if (uri.getHost() == null
                            || !("http".equalsIgnoreCase(uri.getScheme())
                                    || "https".equalsIgnoreCase(uri.getScheme()))) {
                        throw new ParameterException(
                                spec.commandLine(),
                                "--url must be an http:// or https:// URL with a host, found " + url);
                    }
                }
                return new HttpDemoService(url);
            }
            default ->
                throw new ParameterException(spec.commandLine(), "--service must be echo or http, found " + service);
        }
    }

    /**
     * Leaves the broker running with every topic of the run (mixers, service and clients are stopped, so
     * the logs no longer change) and says how to audit it; Ctrl-C stops the broker and deletes its data.
     */
    private static void keepForAudit(PrintWriter out, EmbeddedKafkaBroker broker, String directoryTopic) {
        // Ctrl-C ends the JVM without returning here: the run's DemoTeardown stops the broker then.
        boolean secured = broker.superUser().isPresent();
        out.printf(
                "%nThe network's broker is kept for auditing (Ctrl-C stops it and deletes its data):%n"
                        + "  bootstrap servers: %s%n  log directory:     %s%n  directory topic:   %s%n"
                        + "Audit it from another terminal:%n"
                        + "  ./mixnet audit %s--log-dir %s --directory-topic %s --html audit.html%n",
                broker.bootstrapServers(),
                broker.logDir(),
                directoryTopic,
                // Secured, the consumer cross-check would need the auditor's login: the logs alone suffice.
                secured ? "" : "--bootstrap-servers " + broker.bootstrapServers() + " ",
                broker.logDir(),
                directoryTopic);
        if (secured) {
            out.printf(
                    "  (the broker is secured: add --bootstrap-servers %s --client-config FILE with a login"
                            + " that may read every topic, such as the auditor's, to cross-check through consumers)%n",
                    broker.bootstrapServers());
        }
        out.flush();
        broker.awaitShutdown();
    }

    private static void say(PrintWriter out, long started, String what) {
        out.printf("[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, what);
        out.flush();
    }

    /** One line rewritten in place on a terminal; a line every few seconds otherwise (logs, CI). */
    private static final class ProgressLine {
        private final PrintWriter out;
        private final boolean terminal;
        private long lastPrinted;
        private String last = "";

        ProgressLine(PrintWriter out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void show(DemoTraffic.Progress p) {
            String line = String.format(
                    "  sent %d/%d | in pools %d | delivered to service %d | replied %d/%d",
                    p.sent(), p.total(), p.inPools(), p.delivered(), p.replied(), p.total());
            long now = System.nanoTime();
            if (terminal) {
                out.print("\r" + line + "   ");
                out.flush();
            } else if (!line.equals(last)
                    && now - lastPrinted > Duration.ofSeconds(3).toNanos()) {
                out.println(line);
                out.flush();
                lastPrinted = now;
            }
            last = line;
        }

        void finish() {
            if (terminal) {
                out.println();
            } else {
                out.println(last);
            }
            out.flush();
        }
    }
}
