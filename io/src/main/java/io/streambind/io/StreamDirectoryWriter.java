package io.streambind.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes a stream directory that {@link StreamDirectory#open} reads: one {@code .npy} file per matrix
 * under {@code batches/} and {@code prompts/}, one jsonl line per event. Output bytes depend only on
 * the calls made.
 */
public final class StreamDirectoryWriter implements Closeable {
    private static final String BATCHES = "batches";
    private static final String PROMPTS = "prompts";

    private final Path dir;
    private final Writer jsonl;
    private final ObjectMapper mapper = new ObjectMapper();
    private int batchCount;
    private int promptsCount;

    private StreamDirectoryWriter(Path dir, Writer jsonl) {
        this.dir = dir;
        this.jsonl = jsonl;
    }

    /** Creates {@code dir} (if needed) and its {@code stream.jsonl}; refuses to overwrite one. */
    public static StreamDirectoryWriter create(Path dir) throws IOException {
        Files.createDirectories(dir.resolve(BATCHES));
        Files.createDirectories(dir.resolve(PROMPTS));
        Path streamFile = StreamDirectory.streamFile(dir);
        if (Files.exists(streamFile)) {
            throw new IOException(streamFile + " already exists; refusing to overwrite a stream directory");
        }
        return new StreamDirectoryWriter(dir, Files.newBufferedWriter(streamFile, StandardCharsets.UTF_8));
    }

    public void batch(PairBatch batch) throws IOException {
        batchCount++;
        String stem = BATCHES + "/" + String.format(Locale.ROOT, "%06d", batchCount);
        ObjectNode node = mapper.createObjectNode()
                .put(StreamJsonl.TYPE, StreamJsonl.TYPE_BATCH)
                .put(StreamJsonl.TASK, batch.task())
                .put(StreamJsonl.SPLIT, batch.split().name().toLowerCase(Locale.ROOT))
                .put(StreamJsonl.A, batch.modalityA())
                .put(StreamJsonl.B, batch.modalityB())
                .put(StreamJsonl.XA, stem + "_a.npy")
                .put(StreamJsonl.XB, stem + "_b.npy");
        NpyWriter.writeMatrix(dir.resolve(stem + "_a.npy"), batch.xa());
        NpyWriter.writeMatrix(dir.resolve(stem + "_b.npy"), batch.xb());
        if (batch.labels() != null) {
            node.put(StreamJsonl.LABELS, stem + "_labels.npy");
            NpyWriter.writeLabels(dir.resolve(stem + "_labels.npy"), batch.labels());
        }
        writeLine(node);
    }

    public void stepEnd() throws IOException {
        writeLine(mapper.createObjectNode().put(StreamJsonl.TYPE, StreamJsonl.TYPE_STEP_END));
    }

    public void prompts(PromptSet prompts) throws IOException {
        promptsCount++;
        String file = PROMPTS + "/" + String.format(Locale.ROOT, "%06d", promptsCount) + ".npy";
        ObjectNode node = mapper.createObjectNode()
                .put(StreamJsonl.TYPE, StreamJsonl.TYPE_PROMPTS)
                .put(StreamJsonl.TASK, prompts.task())
                .put(StreamJsonl.MODALITY, prompts.modality());
        ArrayNode classes = node.putArray(StreamJsonl.CLASSES);
        prompts.classNames().forEach(classes::add);
        node.put(StreamJsonl.XT, file);
        NpyWriter.writeMatrix(dir.resolve(file), prompts.embeddings());
        writeLine(node);
    }

    private void writeLine(ObjectNode node) throws IOException {
        jsonl.write(mapper.writeValueAsString(node));
        jsonl.write('\n');
    }

    @Override
    public void close() throws IOException {
        jsonl.close();
    }
}
