package io.streambind.learner.process;

import io.streambind.avro.StepEvaluation;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.state.ModelStore;

/** Evaluates a model after a step end on the test pairs and prompts kept in the store. */
@FunctionalInterface
public interface StepEvaluator {
    /** Reports without an evaluation section (used until the core evaluator is wired in). */
    StepEvaluator NONE = (modelId, model, store) -> null;

    /** The step's evaluation for the report; null when there is nothing to evaluate. */
    StepEvaluation evaluate(String modelId, ContinualModel model, ModelStore store);
}
