package io.streambind.core.eval;

import java.util.List;

/**
 * Evaluation after one step: every task seen so far, the stability deviation of the previous step's
 * task, and the continual summaries (BWT and means of the last row); each summary null when undefined.
 */
public record StepFigures(
        long step,
        List<TaskFigures> tasks,
        String stabilityTask,
        Double stabilityDeviation,
        Double bwtR10,
        Double bwtAccuracy,
        Double meanR10,
        Double meanAccuracy) {
    public StepFigures {
        tasks = List.copyOf(tasks);
    }
}
