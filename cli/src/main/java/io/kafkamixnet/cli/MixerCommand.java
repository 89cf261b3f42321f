package io.kafkamixnet.cli;

import io.kafkamixnet.admin.DurationSetting;
import io.kafkamixnet.topology.MixerApplication;
import io.kafkamixnet.topology.MixerConfig;
import io.kafkamixnet.topology.MixerConfigDef;
import io.kafkamixnet.topology.MixerMetrics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code mixnet mixer --config mixer.properties}: runs one mixer until Ctrl-C (or SIGTERM), then
 * closes it cleanly: the current transaction commits and held packets stay in the pool store for
 * the next start or another instance.
 */
@Command(
        name = "mixer",
        mixinStandardHelpOptions = true,
        description = {
            "Run one mixer (forward or response) until Ctrl-C.",
            "Settings: see docs/mixing.md, generated from MixerConfigDef (mixer.id, mixer.role, strategy, topic.ingress,",
            "next-hop.<id>, exit.<service>, keys.dir, directory.topic, ...).",
            "With directory.topic set, keys.dir must hold identity.key (mixnet keygen writes it)."
        })
public final class MixerCommand implements Callable<Integer> {

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Mixer properties file.")
    Path config;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Override one mixer setting (repeatable), e.g. --set strategy.interval=2s.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--status-interval",
            paramLabel = "DURATION",
            defaultValue = "30s",
            converter = DurationConverter.NonNegative.class,
            description =
                    "How often to print held count, batches and rejections; 0s for never (default: ${DEFAULT-VALUE}).")
    Duration status;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description = "Serve Prometheus metrics at http://ADDRESS:PORT/metrics (sets metrics.port; 0 for any free"
                    + " port, printed at start). See docs/operations.md, \"Metrics\".")
    Integer metricsPort;

    @Option(
            names = "--metrics-bind-address",
            paramLabel = "ADDRESS",
            description = "Address the metrics endpoint listens on (sets metrics.bind-address; default 127.0.0.1).")
    String metricsBindAddress;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    StartupOptions startup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Map<String, String> settings = new LinkedHashMap<>(overrides);
        startup.startupTimeout()
                .ifPresent(t -> settings.put(MixerConfigDef.STARTUP_RETRY_TIMEOUT, t.toMillis() + "ms"));
        if (metricsPort != null) {
            if (metricsPort < 0 || metricsPort > 65535) {
                throw new ParameterException(
                        spec.commandLine(), "--metrics-port must be 0..65535, found " + metricsPort);
            }
            settings.put(MixerConfigDef.METRICS_PORT, metricsPort.toString());
        }
        if (metricsBindAddress != null) {
            settings.put(MixerConfigDef.METRICS_BIND_ADDRESS, metricsBindAddress);
        }
        MixerConfig mixerConfig = MixerConfig.load(config, settings);
        MixerApplication mixer = MixerApplication.create(mixerConfig, cluster.settings());
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Thread hook = new Thread(
                () -> {
                    shuttingDown.set(true);
                    mixer.close(Duration.ofSeconds(30));
                    stopped.countDown();
                },
                "mixer-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        mixer.start();
        out.printf(
                "mixer %s (%s, %s) reading %s; Ctrl-C to stop%n",
                mixerConfig.mixerId(),
                mixerConfig.role().name().toLowerCase(java.util.Locale.ROOT),
                mixerConfig.strategy().summary(),
                mixerConfig.ingressTopic());
        if (mixerConfig.directoryTopic().isPresent()) {
            out.printf(
                    "publishing signed descriptors to %s every %s and at key changes; identity public key %s%n",
                    mixerConfig.directoryTopic().get(),
                    DurationSetting.format(mixerConfig.directoryPublishInterval()),
                    mixer.identity().orElseThrow());
        }
        mixer.metricsUri().ifPresent(uri -> out.printf("serving metrics on %s%n", uri));
        out.flush();
        long nextStatus = System.nanoTime() + status.toNanos();
        while (!stopped.await(200, TimeUnit.MILLISECONDS)) {
            KafkaStreams.State state = mixer.state();
            if (shuttingDown.get()) {
                continue; // Ctrl-C: the hook is closing the mixer; NOT_RUNNING is expected, not a failure
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                err.println("mixnet mixer: mixer " + mixerConfig.mixerId() + " stopped (" + state + ")"
                        + mixer.failure().map(f -> ": " + f.getMessage()).orElse(""));
                err.flush();
                Runtime.getRuntime().removeShutdownHook(hook);
                mixer.close(Duration.ofSeconds(30));
                return 1;
            }
            if (!status.isZero() && System.nanoTime() - nextStatus >= 0) {
                printStatus(out, mixer);
                nextStatus = System.nanoTime() + status.toNanos();
            }
        }
        out.printf("mixer %s closed cleanly%n", mixerConfig.mixerId());
        out.flush();
        return 0;
    }

    private static void printStatus(PrintWriter out, MixerApplication mixer) {
        MixerMetrics m = mixer.metrics();
        MixerMetrics.BatchStats b = m.batchStats();
        Map<String, Long> rejected = new LinkedHashMap<>();
        m.rejections().forEach((reason, n) -> {
            if (n > 0) {
                rejected.put(reason.name(), n);
            }
        });
        out.printf(
                "state=%s held=%d accepted=%d released=%d batches=%d (mean %.1f, min %d, max %d) rejected=%s%s%n",
                mixer.state(),
                m.heldCount(),
                m.acceptedCount(),
                m.releasedCount(),
                b.count(),
                b.mean(),
                b.min(),
                b.max(),
                rejected,
                mixer.lastDescriptor()
                        .map(d -> " descriptor=" + d.sequence() + " epochs="
                                + d.epochKeys().stream().map(k -> k.epoch()).toList())
                        .orElse(""));
        out.flush();
    }
}
