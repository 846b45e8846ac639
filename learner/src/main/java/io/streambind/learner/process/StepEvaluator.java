package io.streambind.learner.process;

import io.streambind.avro.StepEvaluation;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;

/** Evaluates a model after a step end on the test pairs and prompts kept in the store. */
@FunctionalInterface
public interface StepEvaluator {
    /** Reports without an evaluation section (tests that only look at training). */
    StepEvaluator NONE = (manifest, step, model, store) -> null;

    /**
     * The evaluation of {@code model} right after closing {@code step}, for the report; null when there is
     * nothing to evaluate. {@code manifest} still describes the closed step (its trained tasks). Whatever it
     * keeps for later steps goes into {@code store}, inside the same transaction.
     */
    StepEvaluation evaluate(Manifest manifest, long step, ContinualModel model, ModelStore store);
}
