package io.kafkamixnet.connect;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * An ordinary HTTP service on loopback (the JDK's server), unaware of the mixnet: it answers
 * {@code echo:<body>} and logs every request it sees — method, path, headers, body, peer — which is
 * what the tests check for client identity. Bodies starting with {@code STATUS:<code>} get that status
 * (body "status <code>"), {@code BIG:<n>} an n-byte body, {@code SLOW:} the echo after 300 ms.
 */
final class RecordingHttpService implements AutoCloseable {

    /** One request as the service saw it. */
    record Seen(String method, String path, Map<String, List<String>> headers, byte[] body, InetSocketAddress peer) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    RecordingHttpService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Seen> seen() {
        return new ArrayList<>(seen);
    }

    long count(String body) {
        return seen.stream().filter(s -> s.text().equals(body)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        seen.add(new Seen(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                Map.copyOf(exchange.getRequestHeaders()),
                body,
                exchange.getRemoteAddress()));
        String text = new String(body, StandardCharsets.UTF_8);
        int status = 200;
        byte[] out;
        if (text.startsWith("STATUS:")) {
            status = Integer.parseInt(text.substring(7).strip());
            out = ("status " + status).getBytes(StandardCharsets.UTF_8);
        } else if (text.startsWith("BIG:")) {
            out = new byte[Integer.parseInt(text.substring(4).strip())];
        } else {
            if (text.startsWith("SLOW:")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] prefix = "echo:".getBytes(StandardCharsets.UTF_8);
            out = new byte[prefix.length + body.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(body, 0, out, prefix.length, body.length);
        }
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.sendResponseHeaders(status, out.length == 0 ? -1 : out.length);
        try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
