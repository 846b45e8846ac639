package io.streambind.report;

import io.streambind.avro.PairSummary;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.StepReport;
import io.streambind.avro.TaskMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The continual-learning matrices of one model rebuilt from its step reports (dns-spec §6): row k is
 * the evaluation after the k-th training step, column j a task (dataset + modality pair). BWT follows
 * GEM: mean over the tasks trained before the last row of R[last][j] − R[trained(j)][j].
 */
public final class ContinualTable {
  private final String modelId;
  private final List<Long> steps = new ArrayList<>();
  private final List<String> trainedTask = new ArrayList<>();
  private final List<String> columns = new ArrayList<>();
  private final Map<String, Integer> trainedAtRow = new LinkedHashMap<>();
  private final List<double[]> recall10Rows = new ArrayList<>();
  private final List<double[]> accuracyRows = new ArrayList<>();
  private final List<Double> stabilityDeviation = new ArrayList<>();

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
    int row = steps.size();
    steps.add(report.getStep());
    List<String> trained = new ArrayList<>();
    for (PairSummary pair : report.getPairs()) {
      for (String task : pair.getTasks()) {
        String key = taskKey(task, pair.getModalityA(), pair.getModalityB());
        trained.add(key);
        trainedAtRow.put(key, row);
        addColumn(key);
      }
    }
    trainedTask.add(String.join(", ", trained));
    StepEvaluation evaluation = report.getEvaluation();
    Map<String, TaskMetrics> byKey = new LinkedHashMap<>();
    for (TaskMetrics metrics : evaluation.getTasks()) {
      String key = taskKey(metrics.getTask(), metrics.getModalityA(), metrics.getModalityB());
      byKey.put(key, metrics);
      addColumn(key);
    }
    recall10Rows.add(row(byKey, true));
    accuracyRows.add(row(byKey, false));
    Double deviation = evaluation.getStabilityDeviation();
    stabilityDeviation.add(deviation == null ? Double.NaN : deviation);
  }

  private void addColumn(String key) {
    if (!columns.contains(key)) {
      columns.add(key);
    }
  }

  /** Values are filled for the columns known now; later columns read as NaN (not evaluated). */
  private double[] row(Map<String, TaskMetrics> byKey, boolean recall10) {
    double[] values = new double[columns.size()];
    Arrays.fill(values, Double.NaN);
    for (int j = 0; j < columns.size(); j++) {
      TaskMetrics metrics = byKey.get(columns.get(j));
      if (metrics == null) {
        continue;
      }
      if (recall10) {
        values[j] = metrics.getRecall().get(2);
      } else if (metrics.getZeroShotAccuracy() != null) {
        values[j] = metrics.getZeroShotAccuracy();
      }
    }
    return values;
  }

  public String modelId() {
    return modelId;
  }

  public int rows() {
    return steps.size();
  }

  public List<String> columns() {
    return List.copyOf(columns);
  }

  public long step(int row) {
    return steps.get(row);
  }

  /** Tasks trained in the step of that row, comma separated. */
  public String trainedTask(int row) {
    return trainedTask.get(row);
  }

  /** R@10 (mean of both directions) at row k, column j; NaN when not evaluated. */
  public double recall10(int row, int column) {
    return at(recall10Rows, row, column);
  }

  /** Zero-shot accuracy at row k, column j; NaN when the task has no labels or prompts. */
  public double accuracy(int row, int column) {
    return at(accuracyRows, row, column);
  }

  public double stabilityDeviation(int row) {
    return stabilityDeviation.get(row);
  }

  private static double at(List<double[]> rows, int row, int column) {
    double[] values = rows.get(row);
    return column < values.length ? values[column] : Double.NaN;
  }

  /** Mean R@10 of the last row over the tasks trained so far. */
  public OptionalDouble finalRecall10() {
    return meanAt(true, rows() - 1);
  }

  /** Mean accuracy of the last row over the trained tasks that have accuracy. */
  public OptionalDouble finalAccuracy() {
    return meanAt(false, rows() - 1);
  }

  public OptionalDouble backwardTransferRecall10() {
    return backwardTransferAt(true, rows() - 1);
  }

  public OptionalDouble backwardTransferAccuracy() {
    return backwardTransferAt(false, rows() - 1);
  }

  /** Mean stability deviation over the rows that have one. */
  public OptionalDouble meanStabilityDeviation() {
    return stabilityDeviation.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).average();
  }

  /** Mean of row {@code row} over the tasks trained up to that row (R@10, or accuracy). */
  public OptionalDouble meanAt(boolean recall10, int row) {
    if (row < 0) {
      return OptionalDouble.empty();
    }
    return trainedAtRow.entrySet().stream()
        .filter(e -> e.getValue() <= row)
        .mapToDouble(e -> value(recall10, row, columns.indexOf(e.getKey())))
        .filter(v -> !Double.isNaN(v))
        .average();
  }

  /** GEM backward transfer as if {@code row} were the last row. */
  public OptionalDouble backwardTransferAt(boolean recall10, int row) {
    if (row < 0) {
      return OptionalDouble.empty();
    }
    return trainedAtRow.entrySet().stream()
        .filter(e -> e.getValue() < row)
        .mapToDouble(e -> {
          int column = columns.indexOf(e.getKey());
          return value(recall10, row, column) - value(recall10, e.getValue(), column);
        })
        .filter(v -> !Double.isNaN(v))
        .average();
  }

  private double value(boolean recall10, int row, int column) {
    return recall10 ? recall10(row, column) : accuracy(row, column);
  }
}
