package io.streambind.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streambind.avro.StepReport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContinualTableTest {
    private final ContinualTable table = ContinualTable.of("m", ReportFixtures.threeSteps());

    @Test
    void columnsFollowTheOrderOfTraining() {
        assertThat(table.columns()).containsExactly("UCF101 text-video", "ESC50 text-audio", "NYUDv2 vision-depth");
        assertThat(table.rows()).isEqualTo(3);
        assertThat(table.recall10(0, "ESC50 text-audio")).isNaN();
        assertThat(table.recall10(2, "NYUDv2 vision-depth")).isEqualTo(0.70);
    }

    @Test
    void backwardTransferIsGemsDefinition() {
        // R@10: ((0.30 - 0.50) + (0.55 - 0.60)) / 2 = -0.125
        assertThat(table.backwardTransferRecall10()).hasValueCloseTo(-0.125, within(1e-12));
        // Accuracy: ((0.60 - 0.80) + (0.85 - 0.90)) / 2 = -0.125; NYUDv2 has none.
        assertThat(table.backwardTransferAccuracy()).hasValueCloseTo(-0.125, within(1e-12));
        // As if row 1 were last: only UCF101, 0.40 - 0.50.
        assertThat(table.recall10BackwardTransfer(1)).isCloseTo(-0.10, within(1e-12));
        assertThat(table.recall10BackwardTransfer(0)).isNaN();
    }

    @Test
    void finalAveragesAreMeansOfTheLastRow() {
        assertThat(table.finalRecall10()).hasValueCloseTo((0.30 + 0.55 + 0.70) / 3, within(1e-12));
        assertThat(table.finalAccuracy()).hasValueCloseTo((0.60 + 0.85) / 2, within(1e-12));
        assertThat(table.meanStabilityDeviation()).hasValueCloseTo(0.06, within(1e-12));
    }

    @Test
    void noopStepsAndStepsWithoutEvaluationAddNoRow() {
        List<StepReport> reports = new ArrayList<>(ReportFixtures.threeSteps());
        StepReport noop =
                StepReport.newBuilder(reports.get(2)).setStep(3).setNoop(true).build();
        StepReport unevaluated = StepReport.newBuilder(reports.get(2))
                .setStep(4)
                .setEvaluation(null)
                .build();
        reports.add(noop);
        reports.add(unevaluated);
        assertThat(ContinualTable.of("m", reports).rows()).isEqualTo(3);
    }

    @Test
    void emptyModelHasNoFigures() {
        ContinualTable empty = ContinualTable.of("m", List.of());
        assertThat(empty.finalRecall10()).isEmpty();
        assertThat(empty.backwardTransferRecall10()).isEmpty();
    }
}
