package io.streambind.learner.eval;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.core.eval.ContinualMatrix;
import io.streambind.core.eval.Recall;
import io.streambind.core.eval.StepFigures;
import io.streambind.core.eval.TaskFigures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The rows of a model's continual matrices R[k][j] (dns-spec §6), one per evaluated step, as kept
 * in the {@code eval-data} store: the matrices of the next step are rebuilt from them, so they
 * survive restarts and rebalances under exactly-once like every other state. One row per step with
 * a few doubles per task: small next to one test batch.
 */
public final class EvaluationHistory {
    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One evaluated step: mean recall at each K of {@link Recall#KS} and zero-shot accuracy, by task key. */
    public static final class Row {
        public long step;
        public List<String> trained = new ArrayList<>();
        public Map<String, double[]> recall = new LinkedHashMap<>();
        public Map<String, Double> accuracy = new LinkedHashMap<>();
    }

    public List<Row> rows = new ArrayList<>();
    /** Task key whose score matrix is the stability reference, and the step after which it was taken. */
    public String referenceTask;

    public long referenceStep = -1;

    public void add(StepFigures figures, List<String> trainedTaskKeys) {
        Row row = new Row();
        row.step = figures.step();
        row.trained = List.copyOf(trainedTaskKeys);
        for (TaskFigures task : figures.tasks()) {
            row.recall.put(task.pair().key(), task.recall().mean().clone());
            if (task.zeroShotAccuracy() != null) {
                row.accuracy.put(task.pair().key(), task.zeroShotAccuracy());
            }
        }
        rows.add(row);
    }

    /** R[k][j] of mean recall at {@code Recall.KS[kIndex]}. */
    public ContinualMatrix recallMatrix(int kIndex) {
        return matrix(row -> {
            Map<String, Double> values = new LinkedHashMap<>();
            row.recall.forEach((task, recall) -> values.put(task, recall[kIndex]));
            return values;
        });
    }

    /** R[k][j] of zero-shot accuracy. */
    public ContinualMatrix accuracyMatrix() {
        return matrix(row -> row.accuracy);
    }

    private ContinualMatrix matrix(Function<Row, Map<String, Double>> values) {
        ContinualMatrix matrix = new ContinualMatrix();
        for (Row row : rows) {
            matrix.addRow(row.step, values.apply(row), row.trained);
        }
        return matrix;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static EvaluationHistory fromJson(byte[] json) {
        if (json == null) {
            return new EvaluationHistory();
        }
        try {
            return JSON.readValue(json, EvaluationHistory.class);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt evaluation history in the state store", e);
        }
    }
}
