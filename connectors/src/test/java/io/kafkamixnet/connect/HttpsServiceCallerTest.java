package io.kafkamixnet.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.kafkamixnet.client.service.RequestRejectedException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code http.ssl.*} settings against a real https server on loopback whose certificate (for
 * 127.0.0.1) is made by the JDK's keytool: trusted through the configured trust store, refused without.
 */
class HttpsServiceCallerTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    Path dir;

    private HttpsServer server;
    private Path trustStore;

    @BeforeEach
    void start() throws Exception {
        Path keyStore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        trustStore = dir.resolve("trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "service",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "service",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                cert.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "service-ca",
                "-file",
                cert.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                PASSWORD);

        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ssl = SSLContext.getInstance("TLSv1.3");
        ssl.init(kmf.getKeyManagers(), null, null);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ssl));
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("keytool " + String.join(" ", args) + ": " + out)
                .isZero();
    }

    private HttpServiceCaller caller(Map<String, String> extra) {
        Map<String, String> c = MixnetHttpSinkConfigTest.minimal();
        c.put("http.url", "https://127.0.0.1:" + server.getAddress().getPort() + "/");
        c.put("http.retries", "0");
        c.putAll(extra);
        return HttpServiceCaller.create(new MixnetHttpSinkConfig(c));
    }

    @Test
    void aServiceWhoseCertificateChainsToTheConfiguredTrustStoreIsCalled() throws Exception {
        HttpServiceCaller caller = caller(Map.of(
                "http.ssl.truststore.location", trustStore.toString(), "http.ssl.truststore.password", PASSWORD));
        assertThat(caller.handle("over tls".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("over tls".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutTheTrustStoreTheHandshakeFailsAndTheClientGetsAnErrorReply() {
        HttpServiceCaller caller = caller(Map.of());
        assertThatThrownBy(() -> caller.handle(new byte[] {1}))
                .isInstanceOf(RequestRejectedException.class)
                .hasMessage("HTTP service unavailable after 1 attempt: I/O error (SSLHandshakeException)");
    }

    @Test
    void anUnreadableTrustStoreIsAConfigErrorNamingTheSetting() {
        assertThatThrownBy(() -> caller(Map.of(
                        "http.ssl.truststore.location",
                        dir.resolve("missing.p12").toString(),
                        "http.ssl.truststore.password",
                        PASSWORD)))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("http.ssl.truststore.location");
    }
}
