package io.kafkamixnet.testkit;

import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import io.kafkamixnet.broker.EmbeddedKafkaCluster;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * Gives integration tests a Kafka cluster: {@code @ExtendWith(KafkaClusterExtension.class)} and a
 * {@link KafkaCluster} parameter (constructor, lifecycle or test method).
 *
 * <p>One cluster per JVM and mode: it is kept in the root extension store and closed when the whole
 * test run ends, so a module's integration tests share one broker instead of starting one per class.
 * Tests must therefore use their own topic names and consumer groups.
 *
 * <ul>
 *   <li>default: {@link ClusterMode#EMBEDDED} — a real KRaft broker in this JVM;</li>
 *   <li>{@code -Dmixnet.kafka=embedded-cluster}: {@link ClusterMode#EMBEDDED_CLUSTER} — three KRaft brokers in
 *       this JVM ({@code -Dmixnet.kafka.nodes=N} for another count), replication 3 and
 *       {@code min.insync.replicas=2} by default;</li>
 *   <li>{@code -Dmixnet.kafka=testcontainers}: the {@code apache/kafka} image (override with
 *       {@code -Dmixnet.kafka.image}); every test class is skipped, not failed, without a Docker engine;</li>
 *   <li>{@code -Dmixnet.kafka.bootstrap=host:port}: an existing cluster, with optional client
 *       properties (SASL/SSL) from {@code -Dmixnet.kafka.client-config=file.properties}.</li>
 * </ul>
 */
public final class KafkaClusterExtension implements BeforeAllCallback, ParameterResolver {

    public static final String MODE_PROPERTY = "mixnet.kafka";
    public static final String BOOTSTRAP_PROPERTY = "mixnet.kafka.bootstrap";
    public static final String CLIENT_CONFIG_PROPERTY = "mixnet.kafka.client-config";
    public static final String NODES_PROPERTY = "mixnet.kafka.nodes";
    public static final String IMAGE_PROPERTY = "mixnet.kafka.image";
    public static final String DEFAULT_IMAGE = "apache/kafka:4.1.1";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClusterExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KafkaClusterExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    /** The mode the current configuration selects. */
    static ClusterMode selectedMode(ExtensionContext context) {
        if (!setting(context, BOOTSTRAP_PROPERTY).orElse("").isBlank()) {
            return ClusterMode.EXTERNAL;
        }
        return ClusterMode.parse(setting(context, MODE_PROPERTY).orElse(""));
    }

    private static KafkaCluster cluster(ExtensionContext context) {
        ClusterMode mode = selectedMode(context);
        if (mode == ClusterMode.TESTCONTAINERS && !dockerAvailable()) {
            throw new TestAbortedException("mixnet.kafka=testcontainers but no Docker engine is available: skipped");
        }
        ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
        return store.getOrComputeIfAbsent(mode, m -> start(mode, context), RunningCluster.class);
    }

    private static RunningCluster start(ClusterMode mode, ExtensionContext context) {
        return switch (mode) {
            case EMBEDDED -> {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                yield new RunningCluster(mode, broker.bootstrapServers(), Map.of(), broker, broker.logDir());
            }
            case EMBEDDED_CLUSTER -> {
                String nodes = setting(context, NODES_PROPERTY)
                        .filter(s -> !s.isBlank())
                        .orElse("3");
                int count;
                try {
                    count = Integer.parseInt(nodes.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            NODES_PROPERTY + " must be a number of brokers, found '" + nodes + "'", e);
                }
                EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(count);
                yield new RunningCluster(mode, cluster.bootstrapServers(), Map.of(), cluster);
            }
            case TESTCONTAINERS -> {
                String image = setting(context, IMAGE_PROPERTY)
                        .filter(s -> !s.isBlank())
                        .orElse(DEFAULT_IMAGE);
                KafkaContainer container = new KafkaContainer(image);
                container.start();
                LOG.info("Kafka container {} ready at {}", image, container.getBootstrapServers());
                yield new RunningCluster(mode, container.getBootstrapServers(), Map.of(), container::stop);
            }
            case EXTERNAL -> {
                String bootstrap = setting(context, BOOTSTRAP_PROPERTY).orElseThrow();
                Map<String, Object> props = setting(context, CLIENT_CONFIG_PROPERTY)
                        .filter(s -> !s.isBlank())
                        .map(KafkaClusterExtension::readProperties)
                        .orElse(Map.of());
                yield new RunningCluster(mode, bootstrap, props, () -> {});
            }
        };
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.info("Docker is not available: {}", e.toString());
            return false;
        }
    }

    private static Optional<String> setting(ExtensionContext context, String key) {
        // JUnit configuration parameters fall back to system properties.
        return context.getConfigurationParameter(key);
    }

    private static Map<String, Object> readProperties(String file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of(file))) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + CLIENT_CONFIG_PROPERTY + " file " + file, e);
        }
        Map<String, Object> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    /** A started cluster; closed by JUnit when the root context (the whole run) ends. */
    private static final class RunningCluster implements KafkaCluster, AutoCloseable {
        private final ClusterMode mode;
        private final String bootstrapServers;
        private final Map<String, Object> clientProperties;
        private final AutoCloseable stopper;
        private final Path logDir;

        RunningCluster(ClusterMode mode, String bootstrapServers, Map<String, Object> extra, AutoCloseable stopper) {
            this(mode, bootstrapServers, extra, stopper, null);
        }

        RunningCluster(
                ClusterMode mode,
                String bootstrapServers,
                Map<String, Object> extra,
                AutoCloseable stopper,
                Path logDir) {
            this.mode = mode;
            this.bootstrapServers = bootstrapServers;
            Map<String, Object> props = new HashMap<>(extra);
            props.put("bootstrap.servers", bootstrapServers);
            this.clientProperties = Map.copyOf(props);
            this.stopper = stopper;
            this.logDir = logDir;
        }

        @Override
        public Optional<Path> logDir() {
            return Optional.ofNullable(logDir);
        }

        @Override
        public ClusterMode mode() {
            return mode;
        }

        @Override
        public String bootstrapServers() {
            return bootstrapServers;
        }

        @Override
        public Map<String, Object> clientProperties() {
            return clientProperties;
        }

        @Override
        public void close() throws Exception {
            stopper.close();
        }

        @Override
        public String toString() {
            return "KafkaCluster[" + mode + " at " + bootstrapServers + "]";
        }
    }
}
