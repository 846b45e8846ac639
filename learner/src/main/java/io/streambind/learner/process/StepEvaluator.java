package io.streambind.learner.process;

import io.streambind.avro.StepEvaluation;
import io.streambind.core.eval.TaskPair;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import java.util.List;

/** Evaluates a model after a step end on the test pairs and prompts kept in the store. */
@FunctionalInterface
public interface StepEvaluator {
    /** Reports without an evaluation section (tests that only look at training). */
    StepEvaluator NONE = (manifest, step, trained, model, store) -> null;

    /**
     * The evaluation of {@code model} right after closing {@code step}, which trained {@code trained}, for the
     * report; null when there is nothing to evaluate. {@code manifest} names the test pairs kept. Whatever it
     * keeps for later steps goes into {@code store}, inside the same transaction.
     */
    StepEvaluation evaluate(
            Manifest manifest, long step, List<TaskPair> trained, ContinualModel model, ModelStore store);
}
