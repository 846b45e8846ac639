package io.streambind.producer.synthetic;

import io.streambind.io.FloatRows;
import io.streambind.io.PairBatch;
import io.streambind.io.PromptSet;
import io.streambind.io.Split;
import io.streambind.producer.StreamSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Emits the synthetic benchmark: per step, the class prompts of a dataset with classes the first
 * time it appears, the training batches ({@code epochs} passes, each in its own seeded order), the
 * test batches (with labels), then {@code step_end}.
 * A dataset's samples are the same in every step that uses it (VGGSound, TVL), seen through
 * the step's two modalities. The output depends only on the options.
 */
public final class SyntheticStream {
    private static final String PROMPT_MODALITY = "text";

    private final SyntheticOptions options;
    private final SyntheticWorld world;

    public SyntheticStream(SyntheticOptions options) {
        this.options = options;
        this.world = new SyntheticWorld(options.dim(), options.latent(), options.seed());
    }

    public void emit(StreamSink sink) throws IOException {
        Set<String> promptsSent = new HashSet<>();
        for (BenchmarkTask task : Benchmark.STEPS.subList(0, options.steps())) {
            if (task.classes() > 0 && promptsSent.add(task.dataset())) {
                sink.prompts(prompts(task));
            }
            int trainPairs = options.trainPairs(task);
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                emitSplit(sink, task, Split.TRAIN, shuffled(trainPairs, task, epoch));
            }
            emitSplit(sink, task, Split.TEST, inOrder(options.testPairs(task)));
            sink.stepEnd();
        }
    }

    /** Emits the split's samples {@code order[0..]} in batches of {@code batchRows}. */
    private void emitSplit(StreamSink sink, BenchmarkTask task, Split split, int[] order) throws IOException {
        int pairs = order.length;
        String splitName = split.name().toLowerCase(Locale.ROOT);
        int d = options.dim();
        int[] label = new int[1];
        for (int start = 0; start < pairs; start += options.batchRows()) {
            int n = Math.min(options.batchRows(), pairs - start);
            float[] xa = new float[n * d];
            float[] xb = new float[n * d];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                int index = order[start + i];
                double[] z = world.latent(task.dataset(), splitName, index, task.classes(), label);
                labels[i] = label[0];
                world.observe(
                        task.dataset(),
                        task.modalityA(),
                        z,
                        noiseSeed(task.dataset(), splitName, task.modalityA(), index),
                        xa,
                        i * d);
                world.observe(
                        task.dataset(),
                        task.modalityB(),
                        z,
                        noiseSeed(task.dataset(), splitName, task.modalityB(), index),
                        xb,
                        i * d);
            }
            boolean labelled = split == Split.TEST && task.classes() > 0;
            sink.batch(new PairBatch(
                    task.dataset(),
                    split,
                    task.modalityA(),
                    task.modalityB(),
                    new FloatRows(n, d, xa),
                    new FloatRows(n, d, xb),
                    labelled ? labels : null));
        }
    }

    private int[] shuffled(int pairs, BenchmarkTask task, int epoch) {
        int[] order = inOrder(pairs);
        SplittableRandom random = new SplittableRandom(Gaussian.derive(
                options.seed(), "order", task.dataset(), task.modalityA(), task.modalityB(), Integer.toString(epoch)));
        for (int i = pairs - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static int[] inOrder(int pairs) {
        int[] order = new int[pairs];
        for (int i = 0; i < pairs; i++) {
            order[i] = i;
        }
        return order;
    }

    private PromptSet prompts(BenchmarkTask task) {
        int d = options.dim();
        float[] embeddings = new float[task.classes() * d];
        List<String> names = new ArrayList<>();
        for (int c = 0; c < task.classes(); c++) {
            names.add(String.format(Locale.ROOT, "%s class %03d", task.dataset(), c));
            world.observe(
                    task.dataset(),
                    PROMPT_MODALITY,
                    world.classLatent(task.dataset(), c, task.classes()),
                    noiseSeed(task.dataset(), "prompt", PROMPT_MODALITY, c),
                    embeddings,
                    c * d);
        }
        return new PromptSet(task.dataset(), PROMPT_MODALITY, names, new FloatRows(task.classes(), d, embeddings));
    }

    private long noiseSeed(String dataset, String split, String modality, int index) {
        return Gaussian.derive(options.seed(), "noise", dataset, split, modality, Integer.toString(index));
    }
}
