package io.kafkamixnet.cli;

import io.kafkamixnet.client.MixnetException;
import io.kafkamixnet.client.service.MixnetService;
import io.kafkamixnet.client.service.RequestHandler;
import io.kafkamixnet.client.service.ServiceStats;
import io.kafkamixnet.directory.TrustPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code mixnet service ...}: services that answer requests from an exit topic through their SURBs. */
@Command(
        name = "service",
        mixinStandardHelpOptions = true,
        description =
                "Run a mixnet service: read requests from an exit topic and answer each through its reply blocks.",
        subcommands = {ServiceCommand.Echo.class, CommandLine.HelpCommand.class})
final class ServiceCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every service shares: where requests come from and which directory to trust. */
    static final class ServiceOptions {

        @Option(
                names = "--exit-topic",
                required = true,
                paramLabel = "TOPIC",
                description = "Exit topic the last forward mixers write this service's requests to.")
        String exitTopic;

        @Option(
                names = "--directory-topic",
                required = true,
                paramLabel = "TOPIC",
                description =
                        "Compacted directory topic of signed mixer descriptors (for the response mixers' ingress topics).")
        String directoryTopic;

        @Mixin
        TrustedIdentityOptions trusted;

        @Option(
                names = "--pin-file",
                paramLabel = "FILE",
                description = "Pin each mixer id to the first identity seen for it (trust on first use), kept in FILE.")
        Path pinFile;

        @Option(
                names = "--group-id",
                paramLabel = "GROUP",
                description = "Consumer group (default: mixnet-service.<exit topic>).")
        String groupId;

        @Option(
                names = "--fragment-topic",
                paramLabel = "TOPIC",
                description = "Topic on which fragments of multi-fragment requests are re-keyed by message id, so that"
                        + " several instances can share the exit topic. Without it, run one instance per exit topic.")
        String fragmentTopic;

        @Option(
                names = "--metrics-port",
                paramLabel = "PORT",
                description = "Serve the service's counters (mixnet_service_*) and its JVM's metrics in Prometheus"
                        + " format at http://ADDRESS:PORT/metrics; 0 for any free port (printed). Off by default.")
        Integer metricsPort;

        @Option(
                names = "--metrics-bind-address",
                paramLabel = "ADDRESS",
                defaultValue = "127.0.0.1",
                description = "Address the metrics endpoint listens on (default: ${DEFAULT-VALUE}).")
        String metricsBindAddress;

        TrustPolicy trustPolicy() {
            List<byte[]> keys = new ArrayList<>();
            trusted.identities.forEach(h -> keys.add(TrustPolicy.parseIdentityKey(h)));
            if (trusted.file != null) {
                try {
                    keys.addAll(TrustPolicy.readKeyList(trusted.file));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read trusted identities: " + e.getMessage(), e);
                }
            }
            if (keys.isEmpty() && pinFile == null) {
                throw new IllegalArgumentException("no mixer identity to trust: expected --trusted-identity, "
                        + "--trusted-identities-file or --pin-file, found none");
            }
            if (keys.isEmpty()) {
                return TrustPolicy.pinning(pinFile);
            }
            return pinFile == null ? TrustPolicy.trusting(keys) : TrustPolicy.trustingAndPinning(keys, pinFile);
        }
    }

    /** {@code mixnet service echo}: answers every request with its own bytes. */
    @Command(
            name = "echo",
            mixinStandardHelpOptions = true,
            description = {
                "Answer every request with the request itself, until Ctrl-C.",
                "Needs an existing cluster (--bootstrap-servers / --client-config). Creates no topics: waits up to"
                        + " --startup-timeout (default 60s) for the broker, the directory topic and the exit topic."
            })
    static final class Echo implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ClusterOptions cluster;

        @Mixin
        StartupOptions startup;

        @Mixin
        ServiceOptions options;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            RequestHandler echo = request -> request;
            MixnetService.Builder builder = MixnetService.builder()
                    .clientConfig(cluster.settings())
                    .exitTopic(options.exitTopic)
                    .directoryTopic(options.directoryTopic)
                    .trustPolicy(options.trustPolicy())
                    .handler(echo);
            builder.startTimeout(startup.startupRetry().timeout());
            if (options.groupId != null) {
                builder.groupId(options.groupId);
            }
            if (options.fragmentTopic != null) {
                builder.fragmentTopic(options.fragmentTopic);
            }
            if (options.metricsPort != null && (options.metricsPort < 0 || options.metricsPort > 65535)) {
                throw new ParameterException(
                        spec.commandLine(), "--metrics-port must be 0..65535, found " + options.metricsPort);
            }
            MixnetService service;
            try {
                service = builder.build();
            } catch (MixnetException e) {
                throw StartupOptions.namingTheOption(e);
            }
            ServiceMetrics metrics = options.metricsPort == null
                    ? null
                    : ServiceMetrics.start(service, options.exitTopic, options.metricsBindAddress, options.metricsPort);
            CountDownLatch reported = new CountDownLatch(1);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                service.close();
                                try {
                                    reported.await(
                                            5,
                                            TimeUnit.SECONDS); // let the main thread print the summary before the JVM
                                    // halts
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            },
                            "mixnet-service-shutdown"));
            out.printf(
                    "Echo service reading %s (group %s). Ctrl-C to stop.%n",
                    options.exitTopic,
                    options.groupId != null ? options.groupId : "mixnet-service." + options.exitTopic);
            if (metrics != null) {
                out.printf("Serving metrics on %s%n", metrics.uri());
            }
            out.flush();
            try {
                service.run();
            } finally {
                if (metrics != null) {
                    metrics.close();
                }
                ServiceStats s = service.stats();
                out.printf(
                        "Stopped: %d requests, %d replied, %d error replies, %d malformed, %d expired, %d no reply route.%n",
                        s.requests(), s.replied(), s.errorReplies(), s.malformed(), s.expired(), s.noReplyRoute());
                out.flush();
                reported.countDown();
            }
            return 0;
        }
    }
}
