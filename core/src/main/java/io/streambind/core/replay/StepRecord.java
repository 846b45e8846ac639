package io.streambind.core.replay;

import io.streambind.core.eval.StepFigures;
import io.streambind.core.model.StepResult;
import java.util.List;

/** What replay saw and measured for one closed step. */
public record StepRecord(StepResult result, List<PairProgress> pairs, StepFigures figures) {}
