package io.streambind.producer.synthetic;

import io.streambind.core.io.FloatRows;
import io.streambind.core.io.PairBatch;
import io.streambind.core.io.PromptSet;
import io.streambind.core.io.Split;
import io.streambind.producer.StreamSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Emits the synthetic benchmark: per step, the class prompts of a dataset with classes the first
 * time it appears, the training batches, the test batches (with labels), then {@code step_end}.
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
      emitSplit(sink, task, Split.TRAIN, options.trainPairs(task));
      emitSplit(sink, task, Split.TEST, options.testPairs(task));
      sink.stepEnd();
    }
  }

  private void emitSplit(StreamSink sink, BenchmarkTask task, Split split, int pairs) throws IOException {
    String splitName = split.name().toLowerCase(Locale.ROOT);
    int d = options.dim();
    int[] label = new int[1];
    for (int start = 0; start < pairs; start += options.batchRows()) {
      int n = Math.min(options.batchRows(), pairs - start);
      float[] xa = new float[n * d];
      float[] xb = new float[n * d];
      int[] labels = new int[n];
      for (int i = 0; i < n; i++) {
        int index = start + i;
        double[] z = world.latent(task.dataset(), splitName, index, task.classes(), label);
        labels[i] = label[0];
        world.observe(task.dataset(), task.modalityA(), z, noiseSeed(task.dataset(), splitName, task.modalityA(), index), xa, i * d);
        world.observe(task.dataset(), task.modalityB(), z, noiseSeed(task.dataset(), splitName, task.modalityB(), index), xb, i * d);
      }
      boolean labelled = split == Split.TEST && task.classes() > 0;
      sink.batch(new PairBatch(task.dataset(), split, task.modalityA(), task.modalityB(), new FloatRows(n, d, xa),
          new FloatRows(n, d, xb), labelled ? labels : null));
    }
  }

  private PromptSet prompts(BenchmarkTask task) {
    int d = options.dim();
    float[] embeddings = new float[task.classes() * d];
    List<String> names = new ArrayList<>();
    for (int c = 0; c < task.classes(); c++) {
      names.add(String.format(Locale.ROOT, "%s class %03d", task.dataset(), c));
      world.observe(task.dataset(), PROMPT_MODALITY, world.classLatent(task.dataset(), c, task.classes()),
          noiseSeed(task.dataset(), "prompt", PROMPT_MODALITY, c), embeddings, c * d);
    }
    return new PromptSet(task.dataset(), PROMPT_MODALITY, names, new FloatRows(task.classes(), d, embeddings));
  }

  private long noiseSeed(String dataset, String split, String modality, int index) {
    return Gaussian.derive(options.seed(), "noise", dataset, split, modality, Integer.toString(index));
  }
}
