package io.kafkamixnet.cli.demo;

import com.sun.net.httpserver.HttpServer;
import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.client.service.RequestHandler;
import io.kafkamixnet.connect.HttpServiceCaller;
import io.kafkamixnet.connect.MixnetHttpSinkConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code mixnet demo --service http [--url URL]}: the demo's requests are answered by the Kafka Connect
 * HTTP bridge's own HTTP caller ({@link HttpServiceCaller}, configured exactly as the connector would be)
 * calling an unmodified HTTP service: the given URL, or a built-in {@code http-echo} server on loopback
 * that returns each request body as its response body. The caller is hosted by the demo's service
 * library rather than a Connect worker, so the demo needs no Connect installation; the worker path is
 * the same code and is tested by the connectors module's {@code MixnetHttpBridgeIT}.
 *
 * <p>The built-in http-echo records which header names it received, to show that nothing identifying
 * a client reaches the service.
 */
public final class HttpDemoService implements DemoNetwork.ServiceSetup {

    static final String CONNECTOR_CLASS = "io.kafkamixnet.connect.MixnetHttpSinkConnector";

    private final String url;
    private HttpServer echo;
    private final AtomicLong echoed = new AtomicLong();
    private final Set<String> headerNames = new ConcurrentSkipListSet<>();
    private Map<String, String> connectorConfig = Map.of();

    /** @param url the HTTP service to call, or null for the built-in http-echo */
    public HttpDemoService(String url) {
        this.url = url;
    }

    @Override
    public DemoNetwork.DemoService create(DemoNetwork network, List<String> trustedIdentities, ClientSettings cluster)
            throws IOException {
        String target = url;
        if (target == null) {
            echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            echo.createContext("/", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                headerNames.addAll(exchange.getRequestHeaders().keySet());
                echoed.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            echo.start();
            target = "http://127.0.0.1:" + echo.getAddress().getPort() + "/echo";
        }
        Map<String, String> c = new LinkedHashMap<>();
        // By name: the connector class extends Connect's SinkConnector, which only a Connect worker provides.
        c.put("connector.class", CONNECTOR_CLASS);
        c.put("tasks.max", "1");
        c.put("topics", network.exitTopic());
        c.put("key.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("value.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
        c.put("consumer.override.isolation.level", "read_committed");
        c.put("http.url", target);
        c.put(MixnetHttpSinkConfig.MIXNET_DIRECTORY_TOPIC, network.directoryTopic());
        c.put(MixnetHttpSinkConfig.MIXNET_TRUSTED_IDENTITIES, String.join(",", trustedIdentities));
        c.put(MixnetHttpSinkConfig.MIXNET_KAFKA_BOOTSTRAP_SERVERS, cluster.bootstrapServers());
        cluster.properties().forEach((k, v) -> c.put(MixnetHttpSinkConfig.MIXNET_KAFKA_PREFIX + k, v));
        HttpServiceCaller caller;
        try {
            caller = HttpServiceCaller.create(new MixnetHttpSinkConfig(c));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        connectorConfig = java.util.Collections.unmodifiableMap(c);
        boolean builtIn = echo != null;
        String description = "the Kafka Connect HTTP bridge's caller, POSTing each request body to " + target
                + (builtIn ? " (built-in http-echo)" : "");
        return new DemoNetwork.DemoService() {
            @Override
            public RequestHandler handler() {
                return caller;
            }

            @Override
            public String description() {
                return description;
            }

            @Override
            public boolean echoes() {
                return builtIn;
            }

            @Override
            public void close() {
                HttpDemoService.this.close();
            }
        };
    }

    /** The connector configuration that runs this bridge in Kafka Connect (no secrets: the demo has none). */
    public Map<String, String> connectorConfig() {
        return connectorConfig;
    }

    /** What the built-in http-echo saw, or empty for an external URL. */
    public String echoSummary() {
        if (echo == null) {
            return "";
        }
        return "http-echo answered " + echoed.get() + " HTTP requests; the only headers it ever received: "
                + String.join(", ", new TreeSet<>(headerNames)) + " (nothing from or about the clients)";
    }

    private void close() {
        if (echo != null) {
            echo.stop(0);
        }
    }
}
