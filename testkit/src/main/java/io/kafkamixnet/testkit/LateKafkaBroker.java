package io.kafkamixnet.testkit;

import io.kafkamixnet.broker.EmbeddedBrokerSettings;
import io.kafkamixnet.broker.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An embedded broker whose address is known before it runs: for tests of components that start while
 * the cluster is not up yet (a slow broker, a cluster restarting). {@link #reserve()} picks a free
 * loopback port; {@link #startAfter} starts a real {@link EmbeddedKafkaBroker} on it on a background
 * thread; until then connections to {@link #bootstrapServers()} are refused, as with a broker that is
 * still starting. Owns the broker: {@link #close()} stops it.
 */
public final class LateKafkaBroker implements KafkaCluster, AutoCloseable {

    private static final String HOST = "127.0.0.1";

    private final int port;
    private final CompletableFuture<EmbeddedKafkaBroker> started = new CompletableFuture<>();
    private volatile boolean closed;

    private LateKafkaBroker(int port) {
        this.port = port;
    }

    /** Reserves a free loopback port; nothing listens on it until {@link #startAfter}. */
    public static LateKafkaBroker reserve() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return new LateKafkaBroker(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
        }
    }

    /** {@link ClusterMode#EMBEDDED}: a real broker in this JVM, once started. */
    @Override
    public ClusterMode mode() {
        return ClusterMode.EMBEDDED;
    }

    /** {@code host:port} of the broker-to-be. */
    @Override
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** Client properties that will reach the broker once it runs. */
    @Override
    public Map<String, Object> clientProperties() {
        return Map.of("bootstrap.servers", bootstrapServers());
    }

    /** Starts the broker on the reserved port after {@code delay}, on a daemon thread; returns at once. */
    public LateKafkaBroker startAfter(Duration delay) {
        Thread t = new Thread(
                () -> {
                    try {
                        Thread.sleep(delay.toMillis());
                        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedBrokerSettings.builder()
                                .host(HOST)
                                .port(port)
                                .build());
                        if (closed) {
                            broker.close();
                        } else {
                            started.complete(broker);
                        }
                    } catch (InterruptedException e) {
                        started.completeExceptionally(e);
                    } catch (RuntimeException e) {
                        started.completeExceptionally(e);
                    }
                },
                "late-kafka-broker-" + port);
        t.setDaemon(true);
        t.start();
        return this;
    }

    /** Waits until the broker serves requests. */
    public EmbeddedKafkaBroker awaitStarted(Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return started.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        closed = true;
        started.thenAccept(EmbeddedKafkaBroker::close);
    }

    @Override
    public String toString() {
        return "LateKafkaBroker[" + bootstrapServers() + (started.isDone() ? ", started" : ", not started") + "]";
    }
}
