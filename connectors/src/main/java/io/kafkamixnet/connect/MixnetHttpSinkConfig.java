package io.kafkamixnet.connect;

import io.kafkamixnet.directory.TrustPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The settings of the {@link MixnetHttpSinkConnector}, declared once in {@link #CONFIG_DEF} (validators
 * and docs included; the table in docs/operations.md is generated from it and checked by
 * {@code MixnetHttpSinkConfigDocsTest}). Three groups: the HTTP service ({@code http.*}), the mixnet the
 * replies go back through ({@code mixnet.*}), and the Kafka client properties of the task's own reply
 * producer and directory reader ({@code mixnet.kafka.*}, passed through without the prefix).
 */
public final class MixnetHttpSinkConfig extends AbstractConfig {

    public static final String HTTP_URL = "http.url";
    public static final String HTTP_METHOD = "http.method";
    public static final String HTTP_HEADERS = "http.headers";
    public static final String HTTP_AUTHORIZATION = "http.authorization";
    public static final String HTTP_CONTENT_TYPE = "http.content.type";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_TIMEOUT_MS = "http.timeout.ms";
    public static final String HTTP_RETRIES = "http.retries";
    public static final String HTTP_RETRY_BACKOFF_MS = "http.retry.backoff.ms";
    public static final String HTTP_RETRY_BACKOFF_MAX_MS = "http.retry.backoff.max.ms";
    public static final String HTTP_RETRY_STATUS_CODES = "http.retry.status.codes";
    public static final String HTTP_ERROR_BODY_INCLUDE = "http.error.body.include";
    public static final String HTTP_SSL_TRUSTSTORE_LOCATION = "http.ssl.truststore.location";
    public static final String HTTP_SSL_TRUSTSTORE_PASSWORD = "http.ssl.truststore.password";
    public static final String HTTP_SSL_TRUSTSTORE_TYPE = "http.ssl.truststore.type";
    public static final String HTTP_SSL_KEYSTORE_LOCATION = "http.ssl.keystore.location";
    public static final String HTTP_SSL_KEYSTORE_PASSWORD = "http.ssl.keystore.password";
    public static final String HTTP_SSL_KEYSTORE_TYPE = "http.ssl.keystore.type";
    public static final String HTTP_SSL_PROTOCOL = "http.ssl.protocol";

    public static final String MIXNET_DIRECTORY_TOPIC = "mixnet.directory.topic";
    public static final String MIXNET_TRUSTED_IDENTITIES = "mixnet.trusted.identities";
    public static final String MIXNET_TRUSTED_IDENTITIES_FILE = "mixnet.trusted.identities.file";
    public static final String MIXNET_START_TIMEOUT_MS = "mixnet.start.timeout.ms";
    public static final String MIXNET_REASSEMBLY_TIMEOUT_MS = "mixnet.reassembly.timeout.ms";
    public static final String MIXNET_MAX_PENDING_REQUESTS = "mixnet.max.pending.requests";
    public static final String MIXNET_MAX_BUFFERED_BYTES = "mixnet.max.buffered.bytes";
    public static final String MIXNET_MAX_QUEUED_RECORDS = "mixnet.max.queued.records";
    public static final String MIXNET_REPORT_UNANSWERED = "mixnet.report.unanswered";
    /** Prefix of the Kafka client properties of the reply producer and directory reader. */
    public static final String MIXNET_KAFKA_PREFIX = "mixnet.kafka.";

    public static final String MIXNET_KAFKA_BOOTSTRAP_SERVERS = MIXNET_KAFKA_PREFIX + "bootstrap.servers";

    /** HTTP methods the bridge sends the request body with. */
    public static final List<String> METHODS = List.of("POST", "PUT", "PATCH", "GET", "DELETE");

    private static final String HTTP_GROUP = "HTTP service";
    private static final String MIXNET_GROUP = "Mixnet";

    public static final ConfigDef CONFIG_DEF = definition();

    private static ConfigDef definition() {
        ConfigDef d = new ConfigDef();
        int order = 0;
        d.define(
                HTTP_URL,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new HttpUrlValidator(),
                Importance.HIGH,
                "The URL of the HTTP service every request is sent to (http or https). The request body is the"
                        + " client's anonymous payload; nothing about the client, its route or the Kafka record is"
                        + " added.",
                HTTP_GROUP,
                ++order,
                Width.LONG,
                "Service URL");
        d.define(
                HTTP_METHOD,
                Type.STRING,
                "POST",
                ValidString.in(METHODS.toArray(String[]::new)),
                Importance.MEDIUM,
                "The HTTP method of every request; the payload is sent as its body.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Method");
        d.define(
                HTTP_HEADERS,
                Type.LIST,
                "",
                new HeaderListValidator(),
                Importance.MEDIUM,
                "Fixed headers added to every request, as 'Name:Value' entries separated by commas (a value cannot"
                        + " contain a comma). The same for every client: they identify the bridge to the service,"
                        + " never a client. Headers the HTTP client sets itself (Host, Content-Length, Connection,"
                        + " ...) are refused.",
                HTTP_GROUP,
                ++order,
                Width.LONG,
                "Headers");
        d.define(
                HTTP_AUTHORIZATION,
                Type.PASSWORD,
                null,
                Importance.MEDIUM,
                "Value of the Authorization header sent to the service (e.g. 'Bearer ...'), kept out of logs and"
                        + " the REST API; use a config provider (${file:...}) to keep it out of the connector"
                        + " config.",
                HTTP_GROUP,
                ++order,
                Width.LONG,
                "Authorization");
        d.define(
                HTTP_CONTENT_TYPE,
                Type.STRING,
                "application/octet-stream",
                new ConfigDef.NonEmptyString(),
                Importance.LOW,
                "Content-Type of the request body.",
                HTTP_GROUP,
                ++order,
                Width.MEDIUM,
                "Content type");
        d.define(
                HTTP_CONNECT_TIMEOUT_MS,
                Type.LONG,
                10_000L,
                Range.between(1, 300_000),
                Importance.MEDIUM,
                "How long to wait for the TCP (and TLS) connection to the service, in milliseconds.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Connect timeout");
        d.define(
                HTTP_TIMEOUT_MS,
                Type.LONG,
                30_000L,
                Range.between(1, 600_000),
                Importance.MEDIUM,
                "How long one attempt may take until the response headers arrive, in milliseconds.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Request timeout");
        d.define(
                HTTP_RETRIES,
                Type.INT,
                3,
                Range.between(0, 20),
                Importance.MEDIUM,
                "How many times a request is retried after a connection failure, a timeout or a status in "
                        + HTTP_RETRY_STATUS_CODES
                        + " (so at most this plus one attempts). Retries re-send the same body: the service may see"
                        + " a request more than once, as it may after a restart of the task.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Retries");
        d.define(
                HTTP_RETRY_BACKOFF_MS,
                Type.LONG,
                500L,
                Range.between(0, 600_000),
                Importance.LOW,
                "Wait before the first retry, in milliseconds; it doubles with each further retry (with up to 20%"
                        + " random jitter) up to " + HTTP_RETRY_BACKOFF_MAX_MS + ". A Retry-After header of a 429 or"
                        + " 503 response (in seconds) is honoured up to that maximum.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Retry backoff");
        d.define(
                HTTP_RETRY_BACKOFF_MAX_MS,
                Type.LONG,
                10_000L,
                Range.between(0, 600_000),
                Importance.LOW,
                "The longest wait between two attempts, in milliseconds.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Max retry backoff");
        d.define(
                HTTP_RETRY_STATUS_CODES,
                Type.LIST,
                "429,502,503,504",
                new StatusCodeListValidator(),
                Importance.LOW,
                "HTTP statuses that are retried like a connection failure; any other status is final.",
                HTTP_GROUP,
                ++order,
                Width.MEDIUM,
                "Retried statuses");
        d.define(
                HTTP_ERROR_BODY_INCLUDE,
                Type.BOOLEAN,
                true,
                Importance.LOW,
                "Whether an ERROR reply for a 4xx or 5xx status carries the service's response body after the"
                        + " status line (cut to what one reply packet holds). Only the requesting client reads it;"
                        + " turn it off if the service's error pages say more than clients should see.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Error body in replies");
        d.define(
                HTTP_SSL_TRUSTSTORE_LOCATION,
                Type.STRING,
                null,
                Importance.MEDIUM,
                "Trust store (file) of the CAs the https service's certificate must chain to; without it the JVM's"
                        + " default trust store is used.",
                HTTP_GROUP,
                ++order,
                Width.LONG,
                "Trust store");
        d.define(
                HTTP_SSL_TRUSTSTORE_PASSWORD,
                Type.PASSWORD,
                null,
                Importance.MEDIUM,
                "Password of the trust store.",
                HTTP_GROUP,
                ++order,
                Width.MEDIUM,
                "Trust store password");
        d.define(
                HTTP_SSL_TRUSTSTORE_TYPE,
                Type.STRING,
                "PKCS12",
                ValidString.in("PKCS12", "JKS"),
                Importance.LOW,
                "Type of the trust store.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Trust store type");
        d.define(
                HTTP_SSL_KEYSTORE_LOCATION,
                Type.STRING,
                null,
                Importance.LOW,
                "Key store (file) with the bridge's client certificate, for services that require mutual TLS."
                        + " The certificate identifies the bridge, the same for every client.",
                HTTP_GROUP,
                ++order,
                Width.LONG,
                "Key store");
        d.define(
                HTTP_SSL_KEYSTORE_PASSWORD,
                Type.PASSWORD,
                null,
                Importance.LOW,
                "Password of the key store and of its key.",
                HTTP_GROUP,
                ++order,
                Width.MEDIUM,
                "Key store password");
        d.define(
                HTTP_SSL_KEYSTORE_TYPE,
                Type.STRING,
                "PKCS12",
                ValidString.in("PKCS12", "JKS"),
                Importance.LOW,
                "Type of the key store.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "Key store type");
        d.define(
                HTTP_SSL_PROTOCOL,
                Type.STRING,
                "TLSv1.3",
                ValidString.in("TLSv1.3", "TLSv1.2"),
                Importance.LOW,
                "The TLS protocol of https connections.",
                HTTP_GROUP,
                ++order,
                Width.SHORT,
                "TLS protocol");

        order = 0;
        d.define(
                MIXNET_DIRECTORY_TOPIC,
                Type.STRING,
                ConfigDef.NO_DEFAULT_VALUE,
                new ConfigDef.NonEmptyString(),
                Importance.HIGH,
                "The directory topic: the signed mixer descriptors that say which ingress topic each response mixer"
                        + " of a reply block reads.",
                MIXNET_GROUP,
                ++order,
                Width.LONG,
                "Directory topic");
        d.define(
                MIXNET_TRUSTED_IDENTITIES,
                Type.LIST,
                "",
                new IdentityListValidator(),
                Importance.HIGH,
                "Ed25519 identity keys (64 hex digits each, comma-separated) of the mixer operators whose"
                        + " descriptors are trusted. At least one key in all, here or in "
                        + MIXNET_TRUSTED_IDENTITIES_FILE + ".",
                MIXNET_GROUP,
                ++order,
                Width.LONG,
                "Trusted identities");
        d.define(
                MIXNET_TRUSTED_IDENTITIES_FILE,
                Type.STRING,
                null,
                Importance.HIGH,
                "A file on every worker of trusted identity keys, one per line (# comments allowed), read when a"
                        + " task starts.",
                MIXNET_GROUP,
                ++order,
                Width.LONG,
                "Trusted identities file");
        d.define(
                MIXNET_KAFKA_BOOTSTRAP_SERVERS,
                Type.LIST,
                ConfigDef.NO_DEFAULT_VALUE,
                new NonEmptyList(),
                Importance.HIGH,
                "Bootstrap servers of the mixnet's Kafka cluster, for the task's reply producer and directory"
                        + " reader. Every other '" + MIXNET_KAFKA_PREFIX + "*' property is passed to those two"
                        + " clients without the prefix (security.protocol, sasl.*, ssl.*, ...): give them the"
                        + " service principal's settings, as the worker's own are not visible to a connector.",
                MIXNET_GROUP,
                ++order,
                Width.LONG,
                "Mixnet bootstrap servers");
        d.define(
                MIXNET_START_TIMEOUT_MS,
                Type.LONG,
                60_000L,
                Range.between(1_000, 3_600_000),
                Importance.LOW,
                "How long a task's start may wait for the directory to be read, in milliseconds, waiting out"
                        + " transient cluster errors.",
                MIXNET_GROUP,
                ++order,
                Width.SHORT,
                "Start timeout");
        d.define(
                MIXNET_REASSEMBLY_TIMEOUT_MS,
                Type.LONG,
                300_000L,
                Range.between(1_000, 86_400_000),
                Importance.LOW,
                "How long after its first fragment an incomplete multi-fragment request is held, in milliseconds;"
                        + " then it is dropped (the client times out) and its records count as dealt with.",
                MIXNET_GROUP,
                ++order,
                Width.SHORT,
                "Reassembly timeout");
        d.define(
                MIXNET_MAX_PENDING_REQUESTS,
                Type.INT,
                10_000,
                Range.between(1, 10_000_000),
                Importance.LOW,
                "Most incomplete multi-fragment requests held; beyond it the oldest is dropped.",
                MIXNET_GROUP,
                ++order,
                Width.SHORT,
                "Max pending requests");
        d.define(
                MIXNET_MAX_BUFFERED_BYTES,
                Type.LONG,
                64L << 20,
                Range.between(1L << 16, 1L << 34),
                Importance.LOW,
                "Most bytes of request fragments held for reassembly; beyond it the oldest request is dropped.",
                MIXNET_GROUP,
                ++order,
                Width.SHORT,
                "Max buffered bytes");
        d.define(
                MIXNET_MAX_QUEUED_RECORDS,
                Type.INT,
                1_000,
                Range.between(1, 1_000_000),
                Importance.LOW,
                "Most records handed to the task and not yet passed to the HTTP service. At this bound the task"
                        + " pauses its partitions (the worker keeps polling, so the consumer stays in its group"
                        + " however slow the service is) and resumes them at half of it.",
                MIXNET_GROUP,
                ++order,
                Width.SHORT,
                "Max queued records");
        d.define(
                MIXNET_REPORT_UNANSWERED,
                Type.BOOLEAN,
                false,
                Importance.LOW,
                "Whether records that get no reply by the protocol's rules (a malformed fragment, a request whose"
                        + " fragments did not all arrive in time, a reply block naming no response mixer of the"
                        + " directory) also go to the errant record reporter (errors.tolerance, DLQ). Off by"
                        + " default: any client can send such a record, so with errors.tolerance=none one"
                        + " malicious client could stop the connector. They are always counted.",
                MIXNET_GROUP,
                ++order,
                Width.SHORT,
                "Report unanswered records");
        return d;
    }

    public MixnetHttpSinkConfig(Map<?, ?> props) {
        super(CONFIG_DEF, props);
        if (getLong(HTTP_RETRY_BACKOFF_MS) > getLong(HTTP_RETRY_BACKOFF_MAX_MS)) {
            throw new ConfigException(
                    HTTP_RETRY_BACKOFF_MS,
                    getLong(HTTP_RETRY_BACKOFF_MS),
                    "expected at most " + HTTP_RETRY_BACKOFF_MAX_MS + " (" + getLong(HTTP_RETRY_BACKOFF_MAX_MS) + ")");
        }
        if (getList(MIXNET_TRUSTED_IDENTITIES).isEmpty() && getString(MIXNET_TRUSTED_IDENTITIES_FILE) == null) {
            throw new ConfigException(
                    MIXNET_TRUSTED_IDENTITIES,
                    "",
                    "expected at least one trusted mixer identity key here or in " + MIXNET_TRUSTED_IDENTITIES_FILE
                            + ", found none");
        }
        if (getString(HTTP_SSL_KEYSTORE_LOCATION) != null && getPassword(HTTP_SSL_KEYSTORE_PASSWORD) == null) {
            throw new ConfigException(
                    HTTP_SSL_KEYSTORE_PASSWORD,
                    null,
                    "expected a password for the key store " + getString(HTTP_SSL_KEYSTORE_LOCATION));
        }
    }

    public URI url() {
        return URI.create(getString(HTTP_URL));
    }

    /** Scheme, host and port of the URL only: its user info, path or query may hold credentials. */
    public String loggableUrl() {
        URI u = url();
        return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "");
    }

    public String method() {
        return getString(HTTP_METHOD);
    }

    /** The fixed headers, names as given, in order; the Authorization header last if set. */
    public Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        for (String entry : getList(HTTP_HEADERS)) {
            int colon = entry.indexOf(':');
            h.put(entry.substring(0, colon).strip(), entry.substring(colon + 1).strip());
        }
        h.put("Content-Type", getString(HTTP_CONTENT_TYPE));
        Password auth = getPassword(HTTP_AUTHORIZATION);
        if (auth != null) {
            h.put("Authorization", auth.value());
        }
        return h;
    }

    public Duration connectTimeout() {
        return Duration.ofMillis(getLong(HTTP_CONNECT_TIMEOUT_MS));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(HTTP_TIMEOUT_MS));
    }

    public int retries() {
        return getInt(HTTP_RETRIES);
    }

    public Duration retryBackoff() {
        return Duration.ofMillis(getLong(HTTP_RETRY_BACKOFF_MS));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(HTTP_RETRY_BACKOFF_MAX_MS));
    }

    public Set<Integer> retryStatusCodes() {
        Set<Integer> codes = new TreeSet<>();
        getList(HTTP_RETRY_STATUS_CODES).forEach(c -> codes.add(Integer.parseInt(c.strip())));
        return codes;
    }

    public boolean includeErrorBody() {
        return getBoolean(HTTP_ERROR_BODY_INCLUDE);
    }

    public String directoryTopic() {
        return getString(MIXNET_DIRECTORY_TOPIC);
    }

    /**
     * The trust policy from the listed keys and the keys file.
     *
     * @throws ConfigException if the file cannot be read or holds a malformed key
     */
    public TrustPolicy trustPolicy() {
        List<byte[]> keys = new ArrayList<>();
        getList(MIXNET_TRUSTED_IDENTITIES).forEach(h -> keys.add(TrustPolicy.parseIdentityKey(h)));
        String file = getString(MIXNET_TRUSTED_IDENTITIES_FILE);
        if (file != null) {
            try {
                keys.addAll(TrustPolicy.readKeyList(Path.of(file)));
            } catch (IOException e) {
                throw new ConfigException(MIXNET_TRUSTED_IDENTITIES_FILE, file, "cannot read it: " + e.getMessage());
            }
        }
        if (keys.isEmpty()) {
            throw new ConfigException(MIXNET_TRUSTED_IDENTITIES_FILE, file, "expected at least one key, found none");
        }
        return TrustPolicy.trusting(keys);
    }

    /** The Kafka client properties of the reply producer and the directory reader: {@code mixnet.kafka.*} unprefixed. */
    public Map<String, Object> kafkaClientConfig() {
        Map<String, Object> c = new LinkedHashMap<>(originalsWithPrefix(MIXNET_KAFKA_PREFIX));
        c.put("bootstrap.servers", String.join(",", getList(MIXNET_KAFKA_BOOTSTRAP_SERVERS)));
        return c;
    }

    public Duration startTimeout() {
        return Duration.ofMillis(getLong(MIXNET_START_TIMEOUT_MS));
    }

    public Duration reassemblyTimeout() {
        return Duration.ofMillis(getLong(MIXNET_REASSEMBLY_TIMEOUT_MS));
    }

    public int maxPendingRequests() {
        return getInt(MIXNET_MAX_PENDING_REQUESTS);
    }

    public long maxBufferedBytes() {
        return getLong(MIXNET_MAX_BUFFERED_BYTES);
    }

    public int maxQueuedRecords() {
        return getInt(MIXNET_MAX_QUEUED_RECORDS);
    }

    public boolean reportUnanswered() {
        return getBoolean(MIXNET_REPORT_UNANSWERED);
    }

    /** An absolute http or https URL with a host. */
    static final class HttpUrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                throw new ConfigException(name, null, "expected an http:// or https:// URL, found none");
            }
            URI uri;
            try {
                uri = new URI(value.toString());
            } catch (URISyntaxException e) {
                throw new ConfigException(name, value, "expected a URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw new ConfigException(
                        name, value, "expected an http:// or https:// URL, found scheme '" + scheme + "'");
            }
            if (uri.getHost() == null) {
                throw new ConfigException(name, value, "expected a URL with a host");
            }
        }

        @Override
        public String toString() {
            return "http:// or https:// URL";
        }
    }

    /** A list with at least one entry. */
    static final class NonEmptyList implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((List<?>) value).isEmpty()) {
                throw new ConfigException(name, value, "expected at least one entry, found none");
            }
        }

        @Override
        public String toString() {
            return "non-empty list";
        }
    }

    /** 'Name:Value' entries with a legal header name that the HTTP client lets us set. */
    static final class HeaderListValidator implements ConfigDef.Validator {
        private static final Set<String> RESTRICTED =
                Set.of("connection", "content-length", "expect", "host", "upgrade", "content-type", "authorization");

        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> entries = (List<String>) value;
            for (String entry : entries) {
                int colon = entry.indexOf(':');
                if (colon <= 0) {
                    throw new ConfigException(name, entry, "expected 'Name:Value'");
                }
                String header = entry.substring(0, colon).strip();
                if (!header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                    throw new ConfigException(
                            name, entry, "expected a header name of token characters, found '" + header + "'");
                }
                if (RESTRICTED.contains(header.toLowerCase(Locale.ROOT))) {
                    throw new ConfigException(
                            name,
                            entry,
                            "the header " + header + " cannot be set here"
                                    + " (Content-Type: " + HTTP_CONTENT_TYPE + ", Authorization: " + HTTP_AUTHORIZATION
                                    + ", the others are the HTTP client's)");
                }
            }
        }

        @Override
        public String toString() {
            return "list of Name:Value";
        }
    }

    /** Integers 100..599. */
    static final class StatusCodeListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> codes = (List<String>) value;
            for (String c : codes) {
                int code;
                try {
                    code = Integer.parseInt(c.strip());
                } catch (NumberFormatException e) {
                    throw new ConfigException(name, c, "expected an HTTP status code 100..599");
                }
                if (code < 100 || code > 599) {
                    throw new ConfigException(name, c, "expected an HTTP status code 100..599");
                }
            }
        }

        @Override
        public String toString() {
            return "list of HTTP status codes";
        }
    }

    /** 64-hex-digit Ed25519 identity keys. */
    static final class IdentityListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) value;
            for (int i = 0; i < keys.size(); i++) {
                try {
                    TrustPolicy.parseIdentityKey(keys.get(i));
                } catch (IllegalArgumentException e) {
                    // The value is a public key, but say which entry rather than echo it.
                    throw new ConfigException(name + " entry " + (i + 1) + ": " + e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "list of 64-hex-digit keys";
        }
    }
}
