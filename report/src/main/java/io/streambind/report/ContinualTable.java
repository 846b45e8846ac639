package io.streambind.report;

import io.streambind.avro.PairSummary;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.StepReport;
import io.streambind.avro.TaskMetrics;
import io.streambind.core.eval.ContinualMatrix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The continual-learning matrices of one model (R@1, R@10 and zero-shot accuracy) rebuilt from its step
 * reports, with the figures of core's {@link ContinualMatrix} (GEM BWT, last-row mean) recorded after
 * every row so the report can draw them per step.
 */
public final class ContinualTable {
    private final String modelId;
    private final ContinualMatrix recall1 = new ContinualMatrix();
    private final ContinualMatrix recall10 = new ContinualMatrix();
    private final ContinualMatrix accuracy = new ContinualMatrix();
    private final List<String> trainedTask = new ArrayList<>();
    private final List<Double> stabilityDeviation = new ArrayList<>();
    private final List<Double> recall1Mean = new ArrayList<>();
    private final List<Double> recall10Mean = new ArrayList<>();
    private final List<Double> accuracyMean = new ArrayList<>();
    private final List<Double> recall1Bwt = new ArrayList<>();
    private final List<Double> recall10Bwt = new ArrayList<>();
    private final List<Double> accuracyBwt = new ArrayList<>();
    private final Map<String, Double> baselineRecall1 = new LinkedHashMap<>();
    private final Map<String, Double> baselineRecall10 = new LinkedHashMap<>();
    private final Map<String, Double> baselineAccuracy = new LinkedHashMap<>();

    private ContinualTable(String modelId) {
        this.modelId = modelId;
    }

    /** Key of a task column: dataset and modality pair, e.g. {@code VGGSound text-audio}. */
    public static String taskKey(String task, String modalityA, String modalityB) {
        return task + " " + modalityA + "-" + modalityB;
    }

    /** Builds the table from one model's reports in step order; no-op steps and steps without evaluation add no row. */
    public static ContinualTable of(String modelId, List<StepReport> reports) {
        ContinualTable table = new ContinualTable(modelId);
        for (StepReport report : reports) {
            if (!report.getNoop() && report.getEvaluation() != null) {
                table.addRow(report);
            }
        }
        return table;
    }

    private void addRow(StepReport report) {
        List<String> trained = new ArrayList<>();
        for (PairSummary pair : report.getPairs()) {
            for (String task : pair.getTasks()) {
                trained.add(taskKey(task, pair.getModalityA(), pair.getModalityB()));
            }
        }
        StepEvaluation evaluation = report.getEvaluation();
        if (evaluation.getIdentityBaseline() != null) {
            for (TaskMetrics metrics : evaluation.getIdentityBaseline()) {
                String key = taskKey(metrics.getTask(), metrics.getModalityA(), metrics.getModalityB());
                baselineRecall1.put(key, metrics.getRecall().get(0));
                baselineRecall10.put(key, metrics.getRecall().get(2));
                if (metrics.getZeroShotAccuracy() != null) {
                    baselineAccuracy.put(key, metrics.getZeroShotAccuracy());
                }
            }
        }
        Map<String, Double> recall1Row = new LinkedHashMap<>();
        Map<String, Double> recallRow = new LinkedHashMap<>();
        Map<String, Double> accuracyRow = new LinkedHashMap<>();
        for (TaskMetrics metrics : evaluation.getTasks()) {
            String key = taskKey(metrics.getTask(), metrics.getModalityA(), metrics.getModalityB());
            recall1Row.put(key, metrics.getRecall().get(0));
            recallRow.put(key, metrics.getRecall().get(2));
            if (metrics.getZeroShotAccuracy() != null) {
                accuracyRow.put(key, metrics.getZeroShotAccuracy());
            }
        }
        recall1.addRow(report.getStep(), recall1Row, trained);
        recall10.addRow(report.getStep(), recallRow, trained);
        accuracy.addRow(report.getStep(), accuracyRow, trained);
        trainedTask.add(String.join(", ", trained));
        Double deviation = evaluation.getStabilityDeviation();
        stabilityDeviation.add(deviation == null ? Double.NaN : deviation);
        recall1Mean.add(orNaN(recall1.lastRowMean()));
        recall10Mean.add(orNaN(recall10.lastRowMean()));
        accuracyMean.add(orNaN(accuracy.lastRowMean()));
        recall1Bwt.add(orNaN(recall1.backwardTransfer()));
        recall10Bwt.add(orNaN(recall10.backwardTransfer()));
        accuracyBwt.add(orNaN(accuracy.backwardTransfer()));
    }

    private static double orNaN(Double value) {
        return value == null ? Double.NaN : value;
    }

    private static OptionalDouble last(List<Double> values) {
        return values.isEmpty() || Double.isNaN(values.get(values.size() - 1))
                ? OptionalDouble.empty()
                : OptionalDouble.of(values.get(values.size() - 1));
    }

    public String modelId() {
        return modelId;
    }

    public int rows() {
        return trainedTask.size();
    }

    /** Task columns in first-evaluated order. */
    public List<String> columns() {
        return recall10.columns();
    }

    public long step(int row) {
        return recall10.steps().get(row);
    }

    /** Tasks trained in the step of that row, comma separated. */
    public String trainedTask(int row) {
        return trainedTask.get(row);
    }

    /** R@10 (mean of both directions) at row k for a task column; NaN when not evaluated. */
    public double recall10(int row, String column) {
        return recall10.value(row, column);
    }

    /** R@1 (mean of both directions) at row k for a task column; NaN when not evaluated. */
    public double recall1(int row, String column) {
        return recall1.value(row, column);
    }

    /** Zero-shot accuracy at row k; NaN when the task has no labels or prompts. */
    public double accuracy(int row, String column) {
        return accuracy.value(row, column);
    }

    /** R@10 of a task with the identity heads every model starts from (the row before the first step); NaN if unknown. */
    public double baselineRecall10(String column) {
        return baselineRecall10.getOrDefault(column, Double.NaN);
    }

    /** R@1 of a task with the identity heads; NaN if unknown. */
    public double baselineRecall1(String column) {
        return baselineRecall1.getOrDefault(column, Double.NaN);
    }

    public double baselineAccuracy(String column) {
        return baselineAccuracy.getOrDefault(column, Double.NaN);
    }

    public double stabilityDeviation(int row) {
        return stabilityDeviation.get(row);
    }

    /** Mean R@10 of row k over the tasks evaluated in it (NaN when none). */
    public double recall10Mean(int row) {
        return recall10Mean.get(row);
    }

    public double accuracyMean(int row) {
        return accuracyMean.get(row);
    }

    /** GEM backward transfer of R@10 as if row k were the last (NaN before a task was trained twice over). */
    public double recall10BackwardTransfer(int row) {
        return recall10Bwt.get(row);
    }

    /** Mean R@1 of row k over the tasks evaluated in it (NaN when none). */
    public double recall1Mean(int row) {
        return recall1Mean.get(row);
    }

    public OptionalDouble finalRecall1() {
        return last(recall1Mean);
    }

    public OptionalDouble backwardTransferRecall1() {
        return last(recall1Bwt);
    }

    public OptionalDouble finalRecall10() {
        return last(recall10Mean);
    }

    public OptionalDouble finalAccuracy() {
        return last(accuracyMean);
    }

    public OptionalDouble backwardTransferRecall10() {
        return last(recall10Bwt);
    }

    public OptionalDouble backwardTransferAccuracy() {
        return last(accuracyBwt);
    }

    /** Mean stability deviation over the rows that have one. */
    public OptionalDouble meanStabilityDeviation() {
        return stabilityDeviation.stream()
                .mapToDouble(Double::doubleValue)
                .filter(d -> !Double.isNaN(d))
                .average();
    }
}
