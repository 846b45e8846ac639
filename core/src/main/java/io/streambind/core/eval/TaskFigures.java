package io.streambind.core.eval;

/** Evaluation of one task after a step; {@code zeroShotAccuracy} null when the task has no prompts or labels. */
public record TaskFigures(TaskPair pair, int testPairs, RecallFigures recall, Double zeroShotAccuracy) {}
