package io.streambind.replay;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.eval.Evaluator;
import io.streambind.core.eval.StepFigures;
import io.streambind.core.eval.TaskPair;
import io.streambind.core.loop.ClosedStep;
import io.streambind.core.loop.ContinualLoop;
import io.streambind.core.loop.OpenStep;
import io.streambind.core.loop.StepScoring;
import io.streambind.core.model.BatchResult;
import io.streambind.core.model.BatchShape;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.RejectedBatchException;
import io.streambind.core.model.ResourceLimits;
import io.streambind.io.BatchEvent;
import io.streambind.io.PairBatch;
import io.streambind.io.PromptSet;
import io.streambind.io.PromptsEvent;
import io.streambind.io.Split;
import io.streambind.io.StepEndEvent;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Offline replay, the verification contract of the learner: drives the {@link ContinualLoop} the streaming
 * learner drives with a stream directory's events in order (train batches train, test batches and prompts
 * feed the evaluation, {@code step_end} closes the step and evaluates every task seen so far).
 */
public final class Replay {
    private final DnsConfig config;

    public Replay(DnsConfig config) {
        this.config = config;
    }

    public ReplayResult run(StreamDirectory stream) throws IOException {
        long start = System.nanoTime();
        ContinualModel model = new ContinualModel(config);
        ContinualLoop loop = new ContinualLoop(model, new OpenStep(), ResourceLimits.DEFAULTS);
        Evaluator evaluator = new Evaluator(Evaluator.DEFAULT_MAX_PAIRS, config.seed());
        TimedEvaluation scoring = new TimedEvaluation(evaluator);
        List<ClosedStep<StepFigures>> steps = new ArrayList<>();
        long trainPairs = 0;
        long trainNanos = 0;
        long openStepBatches = 0;
        for (StreamEvent event : stream.events()) {
            if (event instanceof BatchEvent batchEvent) {
                PairBatch batch = batchEvent.load();
                if (batch.split() == Split.TEST) {
                    evaluator.addTestPairs(
                            batch.task(),
                            batch.modalityA(),
                            batch.modalityB(),
                            batch.xa().data(),
                            batch.xa().cols(),
                            batch.xb().data(),
                            batch.xb().cols(),
                            batch.rows(),
                            batch.labels());
                    continue;
                }
                BatchResult result = train(loop, batch, stream, batchEvent.line());
                trainPairs += batch.rows();
                trainNanos += result.elapsedNanos();
                openStepBatches++;
            } else if (event instanceof PromptsEvent promptsEvent) {
                PromptSet prompts = promptsEvent.load();
                evaluator.putPrompts(
                        prompts.task(),
                        prompts.modality(),
                        prompts.embeddings().data(),
                        prompts.classNames().size(),
                        prompts.embeddings().cols());
            } else if (event instanceof StepEndEvent) {
                steps.add(loop.endStep(scoring));
                openStepBatches = 0;
            }
        }
        return new ReplayResult(
                model,
                steps,
                evaluator,
                trainPairs,
                openStepBatches,
                System.nanoTime() - start,
                trainNanos,
                scoring.nanos);
    }

    private static BatchResult train(ContinualLoop loop, PairBatch batch, StreamDirectory stream, int line)
            throws IOException {
        try {
            return loop.train(
                    new TaskPair(batch.task(), batch.modalityA(), batch.modalityB()),
                    new BatchShape(
                            batch.modalityA(),
                            batch.xa().data(),
                            batch.xa().cols(),
                            batch.modalityB(),
                            batch.xb().data(),
                            batch.xb().cols(),
                            batch.rows()));
        } catch (RejectedBatchException e) {
            throw new IOException(
                    StreamDirectory.streamFile(stream.dir()) + " line " + line + ": " + e.getMessage(), e);
        }
    }

    /** The evaluator in memory, fed the step's trained tasks at its end, and the time it took. */
    private static final class TimedEvaluation implements StepScoring<StepFigures> {
        private final Evaluator evaluator;
        private long nanos;

        TimedEvaluation(Evaluator evaluator) {
            this.evaluator = evaluator;
        }

        @Override
        public StepFigures evaluate(ContinualModel model, long step, List<TaskPair> trained) {
            long start = System.nanoTime();
            trained.forEach(task -> evaluator.recordTraining(task.task(), task.modalityA(), task.modalityB()));
            StepFigures figures = evaluator.evaluate(model, step);
            nanos += System.nanoTime() - start;
            return figures;
        }
    }
}
