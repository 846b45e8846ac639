package io.streambind.dataset.wordnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Which synsets each step of the WordNet benchmark trains and tests, in which order, and the summary of that
 * choice the build writes beside the stream. Every choice is a seeded hash of the synset, so it depends only on
 * the options and the corpus.
 */
final class WordNetPlan {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WordNetPlan() {}

    /** One step's synsets: training ones in canonical order, test ones in row order. */
    record StepSynsets(WordNetTask task, List<SynsetEntry> train, List<SynsetEntry> test, int qualifying) {}

    /** One synset in this many is held out for test. */
    static final int TEST_ONE_IN = 5;

    /** Each step's synsets: those of its file with both texts (and one class, in a classified file), split by hash. */
    static List<StepSynsets> plan(WordNetCorpus corpus, WordNetStreamBuilder.Options options) {
        List<StepSynsets> plan = new ArrayList<>();
        for (WordNetTask task : WordNetBenchmark.STEPS) {
            boolean classified = !corpus.classes(task.lexFile()).isEmpty();
            List<SynsetEntry> qualifying = corpus.synsets(task.lexFile()).stream()
                    .filter(s -> s.has(task.modalityA()) && s.has(task.modalityB()) && (!classified || s.label() >= 0))
                    .sorted(Comparator.comparingLong((SynsetEntry s) -> hash(options.seed(), s.offset()))
                            .thenComparingLong(SynsetEntry::offset))
                    .toList();
            List<SynsetEntry> train = take(
                    qualifying.stream().filter(s -> !isTest(options.seed(), s)),
                    options.scale().trainPairs());
            List<SynsetEntry> test = take(
                    qualifying.stream().filter(s -> isTest(options.seed(), s)),
                    options.scale().testPairs());
            plan.add(new StepSynsets(task, train, test, qualifying.size()));
        }
        return plan;
    }

    /** Whether a synset is held out: by hash of the synset alone, so every step on its file agrees. */
    static boolean isTest(long seed, SynsetEntry synset) {
        return Long.remainderUnsigned(hash(seed ^ 0x5DEECE66DL, synset.offset()), TEST_ONE_IN) == 0;
    }

    private static List<SynsetEntry> take(Stream<SynsetEntry> synsets, int atMost) {
        return (atMost > 0 ? synsets.limit(atMost) : synsets).toList();
    }

    /** A well-mixed 64-bit hash (SplitMix64's finalizer) of a seed and a synset offset. */
    static long hash(long seed, long offset) {
        long z = seed * 0x9E3779B97F4A7C15L + offset + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The training synsets in the seeded order of one epoch of one step. */
    static List<SynsetEntry> shuffled(List<SynsetEntry> synsets, long seed, int step, int epoch) {
        List<SynsetEntry> order = new ArrayList<>(synsets);
        SplittableRandom random = new SplittableRandom(hash(seed, ((long) step << 32) | epoch));
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            SynsetEntry swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        return order;
    }

    static int distinctSynsets(List<StepSynsets> plan) {
        Set<Long> offsets = new HashSet<>();
        for (StepSynsets step : plan) {
            Stream.concat(step.train().stream(), step.test().stream()).forEach(s -> offsets.add(s.offset()));
        }
        return offsets.size();
    }

    /** The manifest's counts: synsets and pairs, over all and per step. */
    static ObjectNode counts(List<StepSynsets> plan) {
        ObjectNode counts = JSON.createObjectNode();
        counts.put("synsets", distinctSynsets(plan));
        counts.put("trainPairs", plan.stream().mapToInt(s -> s.train().size()).sum());
        counts.put("testPairs", plan.stream().mapToInt(s -> s.test().size()).sum());
        Map<Modality, Set<Long>> byModality = new EnumMap<>(Modality.class);
        for (StepSynsets step : plan) {
            for (Modality modality :
                    List.of(step.task().modalityA(), step.task().modalityB())) {
                Stream.concat(step.train().stream(), step.test().stream())
                        .forEach(s -> byModality
                                .computeIfAbsent(modality, m -> new HashSet<>())
                                .add(s.offset()));
            }
        }
        ObjectNode texts = counts.putObject("synsetsByModality");
        byModality.forEach((modality, offsets) -> texts.put(modality.streamName(), offsets.size()));
        ArrayNode steps = counts.putArray("steps");
        for (int s = 0; s < plan.size(); s++) {
            StepSynsets step = plan.get(s);
            steps.addObject()
                    .put("step", s)
                    .put("task", step.task().dataset())
                    .put(
                            "pair",
                            step.task().modalityA().streamName() + "-"
                                    + step.task().modalityB().streamName())
                    .put("qualifying", step.qualifying())
                    .put("trainPairs", step.train().size())
                    .put("testPairs", step.test().size());
        }
        return counts;
    }

    /** Which synset each row of each step is, for synsets.json. */
    static ArrayNode synsets(List<StepSynsets> plan) {
        ArrayNode steps = JSON.createArrayNode();
        for (int s = 0; s < plan.size(); s++) {
            StepSynsets step = plan.get(s);
            ObjectNode node = steps.addObject()
                    .put("step", s)
                    .put("task", step.task().dataset())
                    .put("lexFile", step.task().lexFile())
                    .put("a", step.task().modalityA().streamName())
                    .put("b", step.task().modalityB().streamName());
            step.train().forEach(e -> node.withArray("train").add(e.offset()));
            step.test().forEach(e -> node.withArray("test").add(e.offset()));
            if (!WordNetBenchmark.classes(step.task().lexFile()).isEmpty()) {
                step.test().forEach(e -> node.withArray("testLabels").add(e.label()));
            }
        }
        return steps;
    }
}
