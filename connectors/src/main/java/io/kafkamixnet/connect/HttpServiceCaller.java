package io.kafkamixnet.connect;

import io.kafkamixnet.client.MessageLimits;
import io.kafkamixnet.client.service.RequestHandler;
import io.kafkamixnet.client.service.RequestRejectedException;
import io.kafkamixnet.packet.Geometry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls one unmodified HTTP service for each whole request: the request bytes are the body, and the
 * only headers are the fixed ones configured for the bridge; nothing about the client, its route or
 * the Kafka record is sent. A 2xx response body is the reply; everything else becomes an error text
 * ({@link RequestRejectedException}) that the responder sends back through the request's SURB, so that
 * no request is ever left unanswered silently:
 *
 * <table>
 *   <caption>What the client receives</caption>
 *   <tr><th>HTTP outcome</th><th>reply</th></tr>
 *   <tr><td>2xx, body fits the reply</td><td>OK, the body</td></tr>
 *   <tr><td>2xx, body over {@code maxBodyBytes}</td><td>ERROR "HTTP 200: response body over N bytes ..."</td></tr>
 *   <tr><td>status in the retried set, still so after the retries</td><td>ERROR "HTTP 503 after 4 attempts: body"</td></tr>
 *   <tr><td>any other 1xx, 3xx, 4xx, 5xx</td><td>ERROR "HTTP 404: body"</td></tr>
 *   <tr><td>connection refused / reset, TLS failure, after the retries</td><td>ERROR "HTTP service unavailable after 4 attempts: connection failed"</td></tr>
 *   <tr><td>no response within the timeout, after the retries</td><td>ERROR "HTTP service unavailable after 4 attempts: no response within 30000 ms"</td></tr>
 * </table>
 *
 * The reply is also an ERROR when it is longer than the request's SURBs carry (the responder checks
 * that per request). Error texts never name the URL or the exception message, which could tell a
 * client about the bridge's network. Interruption (the task stopping) propagates as
 * {@link InterruptedException}: no reply is sent and the record is handled again after a restart.
 *
 * <p>Not thread-safe in its counters' meaning only: one task thread calls it.
 */
public final class HttpServiceCaller implements RequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HttpServiceCaller.class);

    private final HttpClient http;
    private final URI url;
    private final String method;
    private final Map<String, String> headers;
    private final Duration requestTimeout;
    private final int retries;
    private final Duration backoff;
    private final Duration backoffMax;
    private final Set<Integer> retryStatus;
    private final boolean includeErrorBody;
    private final int maxBodyBytes;
    private final int maxErrorBytes;
    private final HttpCallCounters counters = new HttpCallCounters();

    /**
     * The caller the connector's task uses for {@code config}: https with the {@code http.ssl.*} trust
     * settings, replies up to what the default packet geometry carries. Public so that a host other than
     * a Connect worker (e.g. {@code mixnet demo --service http}) answers exactly as the connector does.
     *
     * @throws org.apache.kafka.common.config.ConfigException if a TLS store cannot be read
     */
    public static HttpServiceCaller create(MixnetHttpSinkConfig config) {
        MessageLimits limits = MessageLimits.of(Geometry.defaults());
        SSLContext ssl = "https".equalsIgnoreCase(config.url().getScheme()) ? TlsContexts.of(config) : null;
        return new HttpServiceCaller(config, ssl, limits.maxReplyBytes(), limits.replyBytesPerFragment());
    }

    /**
     * @param maxBodyBytes the most response bytes read (the largest reply the network carries); a longer
     *     body is an error reply
     * @param maxErrorBytes the most bytes of an error text (what one reply fragment carries)
     */
    HttpServiceCaller(MixnetHttpSinkConfig config, SSLContext ssl, int maxBodyBytes, int maxErrorBytes) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
        this.url = config.url();
        this.method = config.method();
        this.headers = Map.copyOf(config.headers());
        this.requestTimeout = config.requestTimeout();
        this.retries = config.retries();
        this.backoff = config.retryBackoff();
        this.backoffMax = config.retryBackoffMax();
        this.retryStatus = Set.copyOf(config.retryStatusCodes());
        this.includeErrorBody = config.includeErrorBody();
        this.maxBodyBytes = maxBodyBytes;
        this.maxErrorBytes = maxErrorBytes;
    }

    @Override
    public byte[] handle(byte[] request) throws InterruptedException, RequestRejectedException {
        Objects.requireNonNull(request, "request");
        HttpRequest.Builder rb = HttpRequest.newBuilder(url)
                .timeout(requestTimeout)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(request));
        headers.forEach(rb::header);
        HttpRequest httpRequest = rb.build();
        int attempts = retries + 1;
        String lastFailure = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            counters.attempts.increment();
            OptionalLong retryAfter = OptionalLong.empty();
            try {
                HttpResponse<InputStream> response = http.send(httpRequest, HttpResponse.BodyHandlers.ofInputStream());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    byte[] body = readAtMost(response.body(), maxBodyBytes);
                    if (body == null) {
                        counters.tooLarge.increment();
                        throw new RequestRejectedException("HTTP " + status + ": response body over " + maxBodyBytes
                                + " bytes, more than a reply through the mixnet carries");
                    }
                    counters.ok.increment();
                    return body;
                }
                byte[] body = readPrefix(response.body(), maxErrorBytes);
                String text = errorText(status, attempt > 1 ? " after " + attempt + " attempts" : "", body);
                if (!retryStatus.contains(status) || attempt == attempts) {
                    (status >= 500 ? counters.status5xx : counters.status4xx).increment();
                    throw new RequestRejectedException(text);
                }
                lastFailure = "HTTP " + status;
                retryAfter = retryAfterMillis(response);
            } catch (HttpConnectTimeoutException e) {
                lastFailure = "no connection within "
                        + http.connectTimeout().orElseThrow().toMillis() + " ms";
            } catch (HttpTimeoutException e) {
                lastFailure = "no response within " + requestTimeout.toMillis() + " ms";
            } catch (ConnectException e) {
                lastFailure = "connection failed";
            } catch (IOException e) {
                // Reset, TLS handshake failure, closed mid-response: the class only, the message may name hosts.
                lastFailure = "I/O error (" + e.getClass().getSimpleName() + ")";
            }
            if (attempt < attempts) {
                counters.retries.increment();
                Thread.sleep(delayBefore(attempt + 1, retryAfter));
            }
        }
        counters.unavailable.increment();
        LOG.debug("HTTP service unreachable after {} attempts: {}", attempts, lastFailure);
        throw new RequestRejectedException("HTTP service unavailable after " + attempts
                + (attempts == 1 ? " attempt: " : " attempts: ") + lastFailure);
    }

    private String errorText(int status, String attempts, byte[] body) {
        String text = "HTTP " + status + attempts;
        if (includeErrorBody && body.length > 0) {
            text += ": " + new String(body, StandardCharsets.UTF_8);
        }
        return text;
    }

    /** Exponential backoff with jitter before attempt {@code attempt} (2..), or the server's Retry-After. */
    long delayBefore(int attempt, OptionalLong retryAfter) {
        long max = backoffMax.toMillis();
        if (retryAfter.isPresent()) {
            return Math.min(retryAfter.getAsLong(), max);
        }
        long base = backoff.toMillis() << Math.min(attempt - 2, 30);
        if (base <= 0 || base > max) {
            base = max;
        }
        long jitter = base / 5 == 0 ? 0 : ThreadLocalRandom.current().nextLong(base / 5 + 1);
        return Math.min(base + jitter, max);
    }

    private static OptionalLong retryAfterMillis(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .flatMap(v -> {
                    try {
                        long seconds = Long.parseLong(v.strip());
                        return seconds >= 0 ? java.util.Optional.of(seconds * 1000) : java.util.Optional.empty();
                    } catch (NumberFormatException e) {
                        return java.util.Optional.empty(); // an HTTP date: use our own backoff
                    }
                })
                .map(OptionalLong::of)
                .orElse(OptionalLong.empty());
    }

    /** The body if it has at most {@code max} bytes, else null; the stream is closed either way. */
    private static byte[] readAtMost(InputStream in, int max) throws IOException {
        try (in) {
            byte[] b = in.readNBytes(max + 1);
            return b.length > max ? null : b;
        }
    }

    /** The first {@code max} bytes of the body (the rest is discarded); the stream is closed. */
    private static byte[] readPrefix(InputStream in, int max) throws IOException {
        try (in) {
            return in.readNBytes(max);
        }
    }

    /** What this caller did so far, counted (no request data). */
    public String describeCounters() {
        return counters.toString();
    }

    HttpCallCounters counters() {
        return counters;
    }

    /** What the caller did, counted; no request data. */
    static final class HttpCallCounters {
        final LongAdder attempts = new LongAdder();
        final LongAdder retries = new LongAdder();
        final LongAdder ok = new LongAdder();
        final LongAdder status4xx = new LongAdder();
        final LongAdder status5xx = new LongAdder();
        final LongAdder unavailable = new LongAdder();
        final LongAdder tooLarge = new LongAdder();

        @Override
        public String toString() {
            return "attempts=" + attempts.sum() + ", retries=" + retries.sum() + ", ok=" + ok.sum()
                    + ", 4xx/other=" + status4xx.sum() + ", 5xx=" + status5xx.sum() + ", unavailable="
                    + unavailable.sum() + ", body too large=" + tooLarge.sum();
        }
    }
}
