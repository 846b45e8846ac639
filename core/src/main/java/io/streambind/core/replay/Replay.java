package io.streambind.core.replay;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.eval.Evaluator;
import io.streambind.core.eval.StepFigures;
import io.streambind.core.io.BatchEvent;
import io.streambind.core.io.PairBatch;
import io.streambind.core.io.PromptSet;
import io.streambind.core.io.PromptsEvent;
import io.streambind.core.io.Split;
import io.streambind.core.io.StepEndEvent;
import io.streambind.core.io.StreamDirectory;
import io.streambind.core.io.StreamEvent;
import io.streambind.core.model.BatchProblem;
import io.streambind.core.model.BatchResult;
import io.streambind.core.model.BatchShape;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.RejectedBatchException;
import io.streambind.core.model.ResourceLimits;
import io.streambind.core.model.StepResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline replay, the verification contract of the learner: applies a stream directory's events in
 * order to one {@link ContinualModel} exactly as the streaming learner does (train batches are
 * trained, test batches and prompts are kept for evaluation, {@code step_end} closes the step and
 * evaluates every task seen so far).
 */
public final class Replay {
  private final DnsConfig config;

  public Replay(DnsConfig config) {
    this.config = config;
  }

  public ReplayResult run(StreamDirectory stream) throws IOException {
    long start = System.nanoTime();
    ContinualModel model = new ContinualModel(config);
    Evaluator evaluator = new Evaluator(Evaluator.DEFAULT_MAX_PAIRS, config.seed());
    List<StepRecord> steps = new ArrayList<>();
    Map<String, PairProgress> stepPairs = new LinkedHashMap<>();
    long trainPairs = 0;
    long trainNanos = 0;
    long evaluateNanos = 0;
    long openStepBatches = 0;
    for (StreamEvent event : stream.events()) {
      if (event instanceof BatchEvent batchEvent) {
        PairBatch batch = batchEvent.load();
        if (batch.split() == Split.TEST) {
          evaluator.addTestPairs(batch.task(), batch.modalityA(), batch.modalityB(), batch.xa().data(),
              batch.xa().cols(), batch.xb().data(), batch.xb().cols(), batch.rows(), batch.labels());
          continue;
        }
        BatchResult result = train(model, batch, stream, batchEvent.line());
        trainPairs += batch.rows();
        trainNanos += result.elapsedNanos();
        openStepBatches++;
        evaluator.recordTraining(batch.task(), batch.modalityA(), batch.modalityB());
        stepPairs.computeIfAbsent(batch.modalityA() + "-" + batch.modalityB(),
                k -> new PairProgress(batch.modalityA(), batch.modalityB()))
            .add(batch.task(), batch.rows(), result.loss());
      } else if (event instanceof PromptsEvent promptsEvent) {
        PromptSet prompts = promptsEvent.load();
        evaluator.putPrompts(prompts.task(), prompts.modality(), prompts.embeddings().data(),
            prompts.classNames().size(), prompts.embeddings().cols());
      } else if (event instanceof StepEndEvent) {
        StepResult result = model.endStep();
        long evaluateStart = System.nanoTime();
        StepFigures figures = evaluator.evaluate(model, result.step());
        evaluateNanos += System.nanoTime() - evaluateStart;
        steps.add(new StepRecord(result, List.copyOf(stepPairs.values()), figures));
        stepPairs.clear();
        openStepBatches = 0;
      }
    }
    return new ReplayResult(model, steps, evaluator, trainPairs, openStepBatches, System.nanoTime() - start,
        trainNanos, evaluateNanos);
  }

  private static BatchResult train(ContinualModel model, PairBatch batch, StreamDirectory stream, int line)
      throws IOException {
    try {
      // the learner dead-letters what these limits refuse, so replay must not train it either
      BatchProblem overLimit = ResourceLimits.DEFAULTS.problem(model, new BatchShape(batch.modalityA(),
          batch.xa().data(), batch.xa().cols(), batch.modalityB(), batch.xb().data(), batch.xb().cols(), batch.rows()));
      if (overLimit != null) {
        throw new RejectedBatchException(overLimit);
      }
      return model.train(batch.modalityA(), batch.xa().data(), batch.xa().cols(), batch.modalityB(),
          batch.xb().data(), batch.xb().cols(), batch.rows());
    } catch (RejectedBatchException e) {
      throw new IOException(StreamDirectory.streamFile(stream.dir()) + " line " + line + ": " + e.getMessage(), e);
    }
  }
}
