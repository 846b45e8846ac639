package io.streambind.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContinualMatrixTest {
    private static Map<String, Double> row(Object... keyValues) {
        Map<String, Double> row = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], (Double) keyValues[i + 1]);
        }
        return row;
    }

    @Test
    void gemBackwardTransferAndFinalMean() {
        ContinualMatrix matrix = new ContinualMatrix();
        matrix.addRow(0, row("A", 0.5), List.of("A"));
        matrix.addRow(1, row("A", 0.4, "B", 0.6), List.of("B"));
        matrix.addRow(2, row("A", 0.3, "B", 0.7, "C", 0.9), List.of("C"));
        // ((0.3 - 0.5) + (0.7 - 0.6)) / 2; C was trained in the last row and does not count.
        assertThat(matrix.backwardTransfer()).isCloseTo(-0.05, within(1e-12));
        assertThat(matrix.lastRowMean()).isCloseTo((0.3 + 0.7 + 0.9) / 3, within(1e-12));
        assertThat(matrix.columns()).containsExactly("A", "B", "C");
        assertThat(matrix.toArray()[0][1]).isNaN();
        assertThat(matrix.toArray()[2]).containsExactly(0.3, 0.7, 0.9);
    }

    @Test
    void retrainingATaskMovesItsReferenceRow() {
        ContinualMatrix matrix = new ContinualMatrix();
        matrix.addRow(0, row("A", 0.5), List.of("A"));
        matrix.addRow(1, row("A", 0.8), List.of("A"));
        matrix.addRow(2, row("A", 0.6, "B", 0.2), List.of("B"));
        assertThat(matrix.backwardTransfer()).isCloseTo(0.6 - 0.8, within(1e-12));
    }

    @Test
    void undefinedUntilATaskWasTrainedBeforeTheLastRow() {
        ContinualMatrix matrix = new ContinualMatrix();
        assertThat(matrix.backwardTransfer()).isNull();
        assertThat(matrix.lastRowMean()).isNull();
        matrix.addRow(0, row("A", 0.5), List.of("A"));
        assertThat(matrix.backwardTransfer()).isNull();
    }
}
