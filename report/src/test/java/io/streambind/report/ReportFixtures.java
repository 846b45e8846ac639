package io.streambind.report;

import io.streambind.avro.ModalityRanks;
import io.streambind.avro.PairSummary;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.StepReport;
import io.streambind.avro.TaskMetrics;
import java.util.ArrayList;
import java.util.List;

/** Small hand-written step reports for the table and page tests. */
final class ReportFixtures {
    private ReportFixtures() {}

    static TaskMetrics task(String task, String a, String b, double r10, Double accuracy) {
        return TaskMetrics.newBuilder()
                .setTask(task)
                .setModalityA(a)
                .setModalityB(b)
                .setTestPairs(100)
                .setRecallAB(List.of(r10 / 2, r10 * 0.8, r10))
                .setRecallBA(List.of(r10 / 2, r10 * 0.8, r10))
                .setRecall(List.of(r10 / 2, r10 * 0.8, r10))
                .setZeroShotAccuracy(accuracy)
                .build();
    }

    static StepReport step(long step, String task, String a, String b, Double stability, TaskMetrics... tasks) {
        return StepReport.newBuilder()
                .setModelId("m")
                .setStep(step)
                .setNoop(false)
                .setPairs(List.of(PairSummary.newBuilder()
                        .setModalityA(a)
                        .setModalityB(b)
                        .setTasks(List.of(task))
                        .setBatches(4)
                        .setSamples(256)
                        .setLossFirst(4.0)
                        .setLossLast(3.0)
                        .setLossMean(3.5)
                        .build()))
                .setKeptRanks(List.of(ModalityRanks.newBuilder()
                        .setModality(a)
                        .setRight((int) step + 10)
                        .setLeft((int) step + 5)
                        .setInputWidth(64)
                        .build()))
                .setSamplesSeen(256 * (step + 1))
                .setStepEndMillis(12.5)
                .setEvaluation(StepEvaluation.newBuilder()
                        .setTasks(new ArrayList<>(List.of(tasks)))
                        .setStabilityDeviation(stability)
                        .build())
                .setClosedAtMillis(0)
                .build();
    }

    /**
     * Three steps: UCF101 text-video, ESC50 text-audio, NYUDv2 vision-depth. R@10 after each step:
     * row0 = [0.50], row1 = [0.40, 0.60], row2 = [0.30, 0.55, 0.70]; accuracy only on the text tasks.
     */
    static List<StepReport> threeSteps() {
        List<StepReport> steps = List.of(
                step(0, "UCF101", "text", "video", null, task("UCF101", "text", "video", 0.50, 0.80)),
                step(
                        1,
                        "ESC50",
                        "text",
                        "audio",
                        0.10,
                        task("UCF101", "text", "video", 0.40, 0.70),
                        task("ESC50", "text", "audio", 0.60, 0.90)),
                step(
                        2,
                        "NYUDv2",
                        "vision",
                        "depth",
                        0.02,
                        task("UCF101", "text", "video", 0.30, 0.60),
                        task("ESC50", "text", "audio", 0.55, 0.85),
                        task("NYUDv2", "vision", "depth", 0.70, null)));
        // Identity heads before any training: R@10 0.20 / 0.25 / 0.30, accuracy on the text tasks.
        StepReport last = steps.get(2);
        last.getEvaluation()
                .setIdentityBaseline(List.of(
                        task("UCF101", "text", "video", 0.20, 0.10),
                        task("ESC50", "text", "audio", 0.25, 0.15),
                        task("NYUDv2", "vision", "depth", 0.30, null)));
        return steps;
    }
}
