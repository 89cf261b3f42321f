package io.kafkamixnet.topology;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP endpoint serving {@code GET /metrics}: a Prometheus registry's scrape, in the text format
 * ({@code text/plain; version=0.0.4}) or, when the scraper asks for it in {@code Accept}, OpenMetrics.
 * The JDK's {@link HttpServer} on one daemon thread: a scrape every few seconds needs no more. Any other
 * path is 404, any other method 405. Used by mixers ({@code metrics.port}) and by {@code mixnet service
 * --metrics-port}.
 *
 * <p>What it serves is whatever was bound to the registry; the mixnet's own binders export aggregates
 * only (no per-message or per-client series).
 */
public final class MetricsEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    /** The path Prometheus scrapes by default. */
    public static final String PATH = "/metrics";

    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts serving {@code registry} on {@code bindAddress:port}.
     *
     * @param bindAddress host name or IP address to listen on (e.g. {@code 127.0.0.1}, {@code 0.0.0.0})
     * @param port        TCP port 0..65535; 0 for any free port ({@link #address()} tells which)
     * @throws IOException if the address cannot be bound (in use, not local); the message names it
     */
    public static MetricsEndpoint start(PrometheusMeterRegistry registry, String bindAddress, int port)
            throws IOException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be 0..65535, found " + port);
        }
        InetSocketAddress address = new InetSocketAddress(bindAddress, port);
        if (address.isUnresolved()) {
            throw new IOException("cannot serve metrics on " + bindAddress + ":" + port + ": unknown host");
        }
        HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on " + bindAddress + ":" + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mixnet-metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, registry));
        server.start();
        MetricsEndpoint endpoint = new MetricsEndpoint(server, executor);
        LOG.info("Serving metrics on {}", endpoint.uri());
        return endpoint;
    }

    private static void serve(HttpExchange exchange, PrometheusMeterRegistry registry) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                reply(exchange, 404, "text/plain; charset=utf-8", "not found: the metrics are at " + PATH + "\n");
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, 405, "text/plain; charset=utf-8", "expected GET or HEAD, found " + method + "\n");
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            String contentType = accept != null && accept.contains("application/openmetrics-text")
                    ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                    : "text/plain; version=0.0.4; charset=utf-8";
            String body;
            try {
                body = registry.scrape(contentType);
            } catch (RuntimeException e) {
                LOG.warn("Metrics scrape failed: {}", e.toString());
                reply(
                        exchange,
                        500,
                        "text/plain; charset=utf-8",
                        "scrape failed: " + e.getClass().getSimpleName() + "\n");
                return;
            }
            if ("HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            reply(exchange, 200, contentType, body);
        }
    }

    private static void reply(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The address bound (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** {@code http://host:port/metrics}. */
    public URI uri() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + PATH);
    }

    /** Stops serving at once (a scrape in progress is cut). Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
