package io.streambind.core.loop;

import io.streambind.core.eval.TaskPair;
import io.streambind.core.model.StepResult;
import java.util.List;

/** What a step end did: the fold, the step's training progress, and the evaluation that followed. */
public record ClosedStep<F>(StepResult result, List<PairProgress> pairs, List<TaskPair> trained, F figures) {}
