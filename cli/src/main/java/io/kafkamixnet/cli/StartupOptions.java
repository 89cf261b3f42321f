package io.kafkamixnet.cli;

import io.kafkamixnet.admin.StartupRetry;
import io.kafkamixnet.client.MixnetException;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** How long a command's start-up waits out transient cluster errors; a picocli mixin. */
final class StartupOptions {

    /** How the SDK's builders name their start-up bound in a message ("raise the MixnetClient builder's startTimeout"). */
    private static final Pattern BUILDER_SETTING = Pattern.compile("the Mixnet\\w+ builder's startTimeout");

    @Option(
            names = "--startup-timeout",
            paramLabel = "DURATION",
            // Parsed with the other options, so that a bad value is a usage error (exit 2) before anything
            // starts, not a failure after the demo has started its broker.
            converter = DurationConverter.Positive.class,
            description = "How long start-up waits out transient cluster errors (a broker still starting, a topic"
                    + " just created, no leader yet), retrying with backoff, e.g. 30s or 2m (default: 60s; a mixer's"
                    + " default is startup.retry.timeout in its config). Errors waiting cannot fix fail at once.")
    Duration startupTimeout;

    /** The --startup-timeout given, if any. */
    Optional<Duration> startupTimeout() {
        return Optional.ofNullable(startupTimeout);
    }

    /** The retry of start-up steps: --startup-timeout, or {@link StartupRetry#DEFAULT_TIMEOUT}. */
    StartupRetry startupRetry() {
        return StartupRetry.of(startupTimeout().orElse(StartupRetry.DEFAULT_TIMEOUT))
                .describedAs("--startup-timeout");
    }

    /**
     * A client or service start-up that gave up names the SDK builder's setting; on the command line the
     * user sets it with {@code --startup-timeout}, so that is what the message names. Other failures are
     * returned as they are.
     */
    static RuntimeException namingTheOption(MixnetException e) {
        String message = String.valueOf(e.getMessage());
        String renamed = BUILDER_SETTING.matcher(message).replaceAll("--startup-timeout");
        return renamed.equals(message) ? e : new IllegalStateException(renamed, e);
    }
}
