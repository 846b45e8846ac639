package io.streambind.cli.demo;

import io.streambind.avro.PairSummary;
import io.streambind.avro.StepReport;
import io.streambind.avro.TaskMetrics;
import io.streambind.report.ContinualTable;
import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalDouble;

/** The demo's console figures: a line per closed step while the methods stream, then the table of every method. */
final class DemoConsole {
    private final PrintStream out;

    DemoConsole(PrintStream out) {
        this.out = out;
    }

    void stepHeader() {
        out.printf(
                Locale.ROOT,
                "      %-5s %-17s %-17s %-17s %8s %8s %12s%n",
                "step",
                "method",
                "pair",
                "loss first→last",
                "R@1 now",
                "R@10 now",
                "stab. dev.");
    }

    /** The step's loss and its current task's recall, the task of the step's first pair. */
    void stepLine(StepReport report) {
        String method = report.getModelId().startsWith(DemoMethod.MODEL_PREFIX)
                ? report.getModelId().substring(DemoMethod.MODEL_PREFIX.length())
                : report.getModelId();
        if (report.getPairs().isEmpty()) {
            out.printf(Locale.ROOT, "      %-5d %-17s (nothing trained)%n", report.getStep(), method);
            return;
        }
        PairSummary pair = report.getPairs().get(0);
        String currentTask = ContinualTable.taskKey(
                pair.getTasks().isEmpty() ? "" : pair.getTasks().get(0), pair.getModalityA(), pair.getModalityB());
        String recall1 = "–";
        String recall = "–";
        String stability = "–";
        if (report.getEvaluation() != null) {
            for (TaskMetrics task : report.getEvaluation().getTasks()) {
                if (ContinualTable.taskKey(task.getTask(), task.getModalityA(), task.getModalityB())
                        .equals(currentTask)) {
                    recall1 = String.format(
                            Locale.ROOT, "%.1f", 100 * task.getRecall().get(0));
                    recall = String.format(
                            Locale.ROOT, "%.1f", 100 * task.getRecall().get(2));
                }
            }
            Double deviation = report.getEvaluation().getStabilityDeviation();
            stability = deviation == null ? "–" : String.format(Locale.ROOT, "%.2e", deviation);
        }
        out.printf(
                Locale.ROOT,
                "      %-5d %-17s %-17s %7.3f→%-9.3f %8s %8s %12s%n",
                report.getStep(),
                method,
                pair.getModalityA() + "→" + pair.getModalityB(),
                pair.getLossFirst(),
                pair.getLossLast(),
                recall1,
                recall,
                stability);
    }

    void table(Demo.Result result) {
        out.println("[4/4] Results (percent; BWT closer to 0 is less forgetting)");
        out.printf(
                Locale.ROOT,
                "      %-17s %7s %8s %7s %8s %7s %9s %12s %9s %9s%n",
                "method",
                "Acc",
                "BWT_A",
                "R@1",
                "BWT_R1",
                "R@10",
                "BWT_R10",
                "stab. dev.",
                "wall s",
                "pairs/s");
        for (Demo.MethodResult r : result.methods()) {
            ContinualTable t = r.table();
            out.printf(
                    Locale.ROOT,
                    "      %-17s %7s %8s %7s %8s %7s %9s %12s %9.1f %9.0f%n",
                    r.method().name(),
                    percent(t.finalAccuracy()),
                    percent(t.backwardTransferAccuracy()),
                    percent(t.finalRecall1()),
                    percent(t.backwardTransferRecall1()),
                    percent(t.finalRecall10()),
                    percent(t.backwardTransferRecall10()),
                    scientific(t.meanStabilityDeviation()),
                    r.wallSeconds(),
                    r.pairsPerSecond());
        }
        out.printf(
                Locale.ROOT,
                "      state changelog: %.1f MB written, %.0f KB per training batch%n",
                result.changelogBytes() / 1e6,
                result.changelogBytesPerBatch() / 1e3);
    }

    private static String percent(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f", 100 * value.getAsDouble()) : "–";
    }

    private static String scientific(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2e", value.getAsDouble()) : "–";
    }
}
