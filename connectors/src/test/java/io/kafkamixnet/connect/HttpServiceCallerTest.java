package io.kafkamixnet.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kafkamixnet.client.service.RequestRejectedException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of the bridge against a real HTTP server on loopback: the error-to-reply mapping. */
class HttpServiceCallerTest {

    private RecordingHttpService http;

    @BeforeEach
    void start() throws Exception {
        http = new RecordingHttpService();
    }

    @AfterEach
    void stop() {
        http.close();
    }

    private HttpServiceCaller caller(String url, Map<String, String> extra) {
        Map<String, String> c = MixnetHttpSinkConfigTest.minimal();
        c.put("http.url", url);
        c.put("http.retries", "2");
        c.put("http.retry.backoff.ms", "10");
        c.put("http.retry.backoff.max.ms", "50");
        c.putAll(extra);
        return new HttpServiceCaller(new MixnetHttpSinkConfig(c), null, 1000, 100);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSuccessfulResponseBodyIsTheReplyAndOnlyTheBodyAndFixedHeadersAreSent() throws Exception {
        HttpServiceCaller caller = caller(http.url("/x"), Map.of("http.headers", "X-Bridge:b1", "http.method", "PUT"));
        assertThat(caller.handle(utf8("hello"))).isEqualTo(utf8("echo:hello"));
        RecordingHttpService.Seen seen = http.seen().get(0);
        assertThat(seen.method()).isEqualTo("PUT");
        assertThat(seen.text()).isEqualTo("hello");
        assertThat(seen.headers().keySet())
                .allSatisfy(h -> assertThat(h.toLowerCase(java.util.Locale.ROOT))
                        .isIn("content-length", "host", "user-agent", "content-type", "x-bridge"));
    }

    @Test
    void aClientErrorIsFinalAndCarriesStatusAndBody() {
        HttpServiceCaller caller = caller(http.url("/x"), Map.of());
        assertThatThrownBy(() -> caller.handle(utf8("STATUS:404")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("HTTP 404: status 404");
        assertThat(http.count("STATUS:404")).isEqualTo(1);
    }

    @Test
    void theErrorBodyCanBeLeftOut() {
        HttpServiceCaller caller = caller(http.url("/x"), Map.of("http.error.body.include", "false"));
        assertThatThrownBy(() -> caller.handle(utf8("STATUS:500"))).hasMessage("HTTP 500");
    }

    @Test
    void aRetriedStatusIsRetriedThenReportedWithTheAttempts() {
        HttpServiceCaller caller = caller(http.url("/x"), Map.of());
        assertThatThrownBy(() -> caller.handle(utf8("STATUS:503")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("HTTP 503 after 3 attempts: status 503");
        assertThat(http.count("STATUS:503")).isEqualTo(3);
        assertThat(caller.counters().retries.sum()).isEqualTo(2);
    }

    @Test
    void aRefusedConnectionIsRetriedThenAnUnavailableError() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        HttpServiceCaller caller = caller("http://127.0.0.1:" + port + "/x", Map.of());
        assertThatThrownBy(() -> caller.handle(utf8("a")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("HTTP service unavailable after 3 attempts: connection failed");
        assertThat(caller.counters().attempts.sum()).isEqualTo(3);
    }

    @Test
    void noResponseWithinTheTimeoutIsAnUnavailableError() {
        HttpServiceCaller caller = caller(http.url("/x"), Map.of("http.timeout.ms", "50", "http.retries", "0"));
        assertThatThrownBy(() -> caller.handle(utf8("SLOW:x")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("HTTP service unavailable after 1 attempt: no response within 50 ms");
    }

    @Test
    void aBodyLargerThanAReplyCarriesIsAnError() {
        HttpServiceCaller caller = caller(http.url("/x"), Map.of());
        assertThatThrownBy(() -> caller.handle(utf8("BIG:1001")))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessageStartingWith("HTTP 200: response body over 1000 bytes");
    }

    @Test
    void backoffDoublesUpToItsMaximumAndHonoursRetryAfterWithinIt() {
        HttpServiceCaller caller =
                caller(http.url("/x"), Map.of("http.retry.backoff.ms", "100", "http.retry.backoff.max.ms", "1000"));
        assertThat(caller.delayBefore(2, OptionalLong.empty())).isBetween(100L, 120L);
        assertThat(caller.delayBefore(3, OptionalLong.empty())).isBetween(200L, 240L);
        assertThat(caller.delayBefore(10, OptionalLong.empty())).isEqualTo(1000L);
        assertThat(caller.delayBefore(2, OptionalLong.of(5000))).isEqualTo(1000L);
        assertThat(caller.delayBefore(2, OptionalLong.of(300))).isEqualTo(300L);
    }

    @Test
    void anInterruptedCallSendsNoReplyButPropagatesTheInterruption() throws Exception {
        HttpServiceCaller caller = caller(http.url("/x"), Map.of("http.timeout.ms", "10000"));
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                caller.handle(utf8("SLOW:x"));
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.start();
        Thread.sleep(100);
        t.interrupt();
        t.join(10_000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }
}
