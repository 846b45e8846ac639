package io.streambind.core.eval;

/** Held-out pairs of one task, row-major; labels null when the task has none. */
public record TestPairs(TaskPair pair, float[] xa, int widthA, float[] xb, int widthB, int rows, int[] labels) {}
