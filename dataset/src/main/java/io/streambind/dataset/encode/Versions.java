package io.streambind.dataset.encode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions of the corpus and encoder artifacts this module was built with (Maven fills them in). */
public final class Versions {
    private static final Properties VERSIONS = load();

    private Versions() {}

    public static String extjwnl() {
        return VERSIONS.getProperty("extjwnl");
    }

    public static String extjwnlData() {
        return VERSIONS.getProperty("extjwnl.data");
    }

    public static String langchain4jEmbeddings() {
        return VERSIONS.getProperty("langchain4j.embeddings");
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/io/streambind/dataset/versions.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
