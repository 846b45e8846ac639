package io.streambind.dataset.encode;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.io.FloatRows;
import io.streambind.io.NpyReader;
import io.streambind.io.NpyWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The embeddings one encoder made, by text, kept in {@code DIR/<encoder>.npy} with the texts in
 * {@code DIR/<encoder>.texts.jsonl} (one JSON string per line, row i is the embedding of line i). A later build
 * encodes only the texts it has not seen.
 */
public final class EmbeddingCache {
    /** Texts per call to the encoder: small enough for a progress line every few seconds. */
    private static final int CHUNK = 256;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TextEncoder encoder;
    private final Path npy;
    private final Path textsFile;
    private final Map<String, Integer> rowByText = new HashMap<>();
    private final List<String> texts = new ArrayList<>();
    private float[] rows;

    private EmbeddingCache(TextEncoder encoder, Path dir) {
        this.encoder = encoder;
        this.npy = dir.resolve(encoder.id() + ".npy");
        this.textsFile = dir.resolve(encoder.id() + ".texts.jsonl");
    }

    /** The cache of {@code encoder} in {@code dir}, empty when there is none or it does not match. */
    public static EmbeddingCache open(TextEncoder encoder, Path dir) throws IOException {
        EmbeddingCache cache = new EmbeddingCache(encoder, dir);
        cache.rows = new float[0];
        if (Files.exists(cache.npy) && Files.exists(cache.textsFile)) {
            FloatRows stored = NpyReader.readMatrix(cache.npy);
            List<String> lines = Files.readAllLines(cache.textsFile, StandardCharsets.UTF_8);
            if (stored.cols() == encoder.dimension() && stored.rows() == lines.size()) {
                for (String line : lines) {
                    cache.add(JSON.readValue(line, String.class));
                }
                cache.rows = stored.data();
            }
        }
        return cache;
    }

    private void add(String text) {
        rowByText.put(text, texts.size());
        texts.add(text);
    }

    /** Texts of {@code wanted} not in the cache yet. */
    public List<String> missing(Iterable<String> wanted) {
        Set<String> missing = new LinkedHashSet<>();
        for (String text : wanted) {
            if (!rowByText.containsKey(text)) {
                missing.add(text);
            }
        }
        return List.copyOf(missing);
    }

    /** Encodes the {@code missing} texts (see {@link #missing}), printing progress, and saves the cache. */
    public void encode(List<String> missing, String what, PrintStream progress) throws IOException {
        if (missing.isEmpty()) {
            return;
        }
        int dim = encoder.dimension();
        float[] grown = Arrays.copyOf(rows, (texts.size() + missing.size()) * dim);
        long start = System.nanoTime();
        long lastPrint = start;
        for (int from = 0; from < missing.size(); from += CHUNK) {
            List<String> chunk = missing.subList(from, Math.min(missing.size(), from + CHUNK));
            float[] embedded = encoder.encode(chunk);
            System.arraycopy(embedded, 0, grown, texts.size() * dim, embedded.length);
            chunk.forEach(this::add);
            long now = System.nanoTime();
            int done = from + chunk.size();
            if (now - lastPrint > 5_000_000_000L || done == missing.size()) {
                progress.printf(
                        Locale.ROOT,
                        "      encoding %-28s %6d/%d texts  %5.0f texts/s%n",
                        what,
                        done,
                        missing.size(),
                        done / ((now - start) / 1e9));
                lastPrint = now;
            }
        }
        rows = grown;
        save();
    }

    /** The embedding of a text that is in the cache. */
    public float[] embedding(String text) {
        Integer row = rowByText.get(text);
        if (row == null) {
            throw new IllegalStateException("not encoded yet: " + text);
        }
        int dim = encoder.dimension();
        return Arrays.copyOfRange(rows, row * dim, (row + 1) * dim);
    }

    public TextEncoder encoder() {
        return encoder;
    }

    private void save() throws IOException {
        Files.createDirectories(npy.getParent());
        Path npyPart = npy.resolveSibling(npy.getFileName() + ".part");
        Path textsPart = textsFile.resolveSibling(textsFile.getFileName() + ".part");
        NpyWriter.writeFloats(npyPart, rows, texts.size(), encoder.dimension());
        try (BufferedWriter writer = Files.newBufferedWriter(textsPart, StandardCharsets.UTF_8)) {
            for (String text : texts) {
                writer.write(JSON.writeValueAsString(text));
                writer.write('\n');
            }
        }
        // texts first: a cache whose files disagree in length is ignored, never misread
        Files.move(textsPart, textsFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.move(npyPart, npy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
