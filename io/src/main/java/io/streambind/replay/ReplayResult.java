package io.streambind.replay;

import io.streambind.core.eval.Evaluator;
import io.streambind.core.eval.StepFigures;
import io.streambind.core.loop.ClosedStep;
import io.streambind.core.model.ContinualModel;
import java.util.List;

/**
 * The outcome of a replay: the trained model, the closed steps, the evaluator's matrices, and
 * timing (wall, training, evaluation). {@code openStepBatches} counts train batches after the last {@code step_end}.
 */
public record ReplayResult(
        ContinualModel model,
        List<ClosedStep<StepFigures>> steps,
        Evaluator evaluator,
        long trainPairs,
        long openStepBatches,
        long wallNanos,
        long trainNanos,
        long evaluateNanos) {

    /** Time in the step-end fold and projector refresh, all steps together. */
    public long stepEndNanos() {
        return steps.stream().mapToLong(s -> s.result().durationNanos()).sum();
    }

    public double pairsPerSecond() {
        return wallNanos == 0 ? 0 : trainPairs / (wallNanos / 1e9);
    }

    /** BWT of R@10 after the last step, null when undefined. */
    public Double bwtR10() {
        return evaluator.recall10Matrix().backwardTransfer();
    }

    /** Mean stability deviation over the steps that have one; NaN when none has. */
    public double meanStabilityDeviation() {
        return steps.stream()
                .filter(s -> s.figures().stabilityDeviation() != null)
                .mapToDouble(s -> s.figures().stabilityDeviation())
                .average()
                .orElse(Double.NaN);
    }
}
