package io.kafkamixnet.cli;

import io.kafkamixnet.broker.EmbeddedBrokerSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Runs a real single-node Kafka broker in the foreground until Ctrl-C. */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run a local single-node Kafka broker (KRaft) in the foreground; Ctrl-C stops it.",
            "It listens on loopback only and has no authentication: for development, demos and tests."
        })
final class BrokerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", description = "Client port (default: a free ephemeral port).")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Keep the broker's data here across runs (default: a temporary directory deleted on exit).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Listener address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--allow-non-loopback",
            description =
                    "Allow a non-loopback --host. The broker has no authentication: anyone who reaches it can read every topic.")
    boolean allowNonLoopback;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedBrokerSettings settings = EmbeddedBrokerSettings.builder()
                .host(host)
                .port(port)
                .dataDir(dataDir)
                .allowNonLoopback(allowNonLoopback)
                .build();
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            broker.close();
                            stopped.countDown();
                        },
                        "mixnet-broker-shutdown"));
        out.printf("Kafka broker ready in %d ms.%n", broker.startupTime().toMillis());
        out.printf("bootstrap.servers=%s%n", broker.bootstrapServers());
        out.printf("Data: %s%s%n", broker.dataDir(), dataDir == null ? " (deleted on exit)" : "");
        out.printf("Try: kcat -b %s -L     Ctrl-C to stop.%n", broker.bootstrapServers());
        out.flush();
        stopped.await();
        return 0;
    }
}
