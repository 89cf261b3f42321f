package io.kafkamixnet.connect;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** The TLS context of the bridge's https calls, from the {@code http.ssl.*} settings. */
final class TlsContexts {

    private TlsContexts() {}

    /**
     * A context of the configured protocol that trusts the configured trust store (else the JVM's
     * default CAs) and presents the configured client key (else none). Host names are verified by
     * the HTTP client as always.
     *
     * @throws ConfigException naming the setting if a store cannot be read or opened
     */
    static SSLContext of(MixnetHttpSinkConfig config) {
        try {
            TrustManagerFactory tmf = null;
            String trustLocation = config.getString(MixnetHttpSinkConfig.HTTP_SSL_TRUSTSTORE_LOCATION);
            if (trustLocation != null) {
                KeyStore trust = load(
                        MixnetHttpSinkConfig.HTTP_SSL_TRUSTSTORE_LOCATION,
                        trustLocation,
                        config.getString(MixnetHttpSinkConfig.HTTP_SSL_TRUSTSTORE_TYPE),
                        config.getPassword(MixnetHttpSinkConfig.HTTP_SSL_TRUSTSTORE_PASSWORD));
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            String keyLocation = config.getString(MixnetHttpSinkConfig.HTTP_SSL_KEYSTORE_LOCATION);
            if (keyLocation != null) {
                Password password = config.getPassword(MixnetHttpSinkConfig.HTTP_SSL_KEYSTORE_PASSWORD);
                KeyStore keys = load(
                        MixnetHttpSinkConfig.HTTP_SSL_KEYSTORE_LOCATION,
                        keyLocation,
                        config.getString(MixnetHttpSinkConfig.HTTP_SSL_KEYSTORE_TYPE),
                        password);
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, password.value().toCharArray());
            }
            SSLContext ssl = SSLContext.getInstance(config.getString(MixnetHttpSinkConfig.HTTP_SSL_PROTOCOL));
            ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(
                    "cannot set up TLS for the HTTP service: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static KeyStore load(String setting, String location, String type, Password password)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password == null ? null : password.value().toCharArray());
        } catch (IOException e) {
            throw new ConfigException(setting, location, "cannot read the " + type + " store: " + e.getMessage());
        }
        return store;
    }
}
