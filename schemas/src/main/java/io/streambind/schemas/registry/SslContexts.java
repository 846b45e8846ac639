package io.streambind.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Builds the SSL context for https registry URLs from the trust/key store settings. */
final class SslContexts {
    private SslContexts() {}

    /** Null when no store is configured, meaning: use the JVM default. */
    static SSLContext fromConfig(RegistryClientConfig config) {
        String trustStore = config.getString(RegistryClientConfig.TRUSTSTORE_LOCATION_CONFIG);
        String keyStore = config.getString(RegistryClientConfig.KEYSTORE_LOCATION_CONFIG);
        if (trustStore.isEmpty() && keyStore.isEmpty()) {
            return null;
        }
        try {
            TrustManagerFactory trust = null;
            if (!trustStore.isEmpty()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(
                        trustStore,
                        config.getString(RegistryClientConfig.TRUSTSTORE_TYPE_CONFIG),
                        config.password(RegistryClientConfig.TRUSTSTORE_PASSWORD_CONFIG)));
            }
            KeyManagerFactory keys = null;
            if (!keyStore.isEmpty()) {
                char[] password = config.password(RegistryClientConfig.KEYSTORE_PASSWORD_CONFIG)
                        .toCharArray();
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(
                        load(
                                keyStore,
                                config.getString(RegistryClientConfig.KEYSTORE_TYPE_CONFIG),
                                config.password(RegistryClientConfig.KEYSTORE_PASSWORD_CONFIG)),
                        password);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(
                    keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the schema registry: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(String location, String type, String password)
            throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password.isEmpty() ? null : password.toCharArray());
        }
        return store;
    }
}
