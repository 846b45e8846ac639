package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.SymmetricEigen;
import io.streambind.core.model.BatchProblem.Kind;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A batch the guards reject leaves the model bit-identical to one that never saw it, for every
 * method: finite inputs whose float32 second moments overflow, and an update that comes out NaN.
 */
class UpdateGuardTest {
    private static final int WIDTH = 6;
    private static final int ROWS = 8;

    @ParameterizedTest
    @ValueSource(strings = {"dns", "vanilla", "input-null", "ewc"})
    void hugeFiniteInputsAreRejectedBeforeAnyStateChanges(String method) {
        DnsConfig config = DnsConfig.parse(Map.of(DnsConfig.METHOD, method));
        float[] huge = new float[ROWS * WIDTH];
        Arrays.fill(huge, 1e19f); // finite, but x^2 overflows float32
        assertRejectedWithoutTrace(config, huge, 1f, Kind.VALUE_OVERFLOW, "second moments would overflow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dns", "vanilla", "input-null", "ewc"})
    void aNonFiniteUpdateIsRejectedBeforeAnyStateChanges(String method) {
        // with a tiny temperature, scores / tau of modest inputs overflow float32 while tiny inputs train
        DnsConfig config = DnsConfig.parse(
                Map.of(DnsConfig.METHOD, method, DnsConfig.TEMPERATURE, "1e-30", DnsConfig.LEARNING_RATE, "1e-30"));
        float[] modest = gaussian(new Random(5), ROWS * WIDTH, 1e12f);
        assertRejectedWithoutTrace(config, modest, 1e-16f, Kind.NON_FINITE_UPDATE, "not finite");
    }

    /**
     * Trains two steps of ordinary batches (with a poison batch on a new and an old modality in the
     * middle) and compares with the same stream without it; {@code normal} scales the ordinary inputs.
     */
    private static void assertRejectedWithoutTrace(
            DnsConfig config, float[] poison, float normal, Kind kind, String words) {
        ContinualModel clean = new ContinualModel(config);
        ContinualModel fed = new ContinualModel(config);
        for (int step = 0; step < 2; step++) {
            for (int batch = 0; batch < 3; batch++) {
                Random seed = new Random(31L * step + batch);
                float[] xa = gaussian(seed, ROWS * WIDTH, normal);
                float[] xb = gaussian(seed, ROWS * WIDTH, normal);
                clean.train("a", xa, WIDTH, "b", xb, WIDTH, ROWS);
                fed.train("a", xa, WIDTH, "b", xb, WIDTH, ROWS);
                if (batch == 1) {
                    float[] ok = gaussian(seed, ROWS * WIDTH, normal);
                    expectRejection(fed, () -> fed.train("a", ok, WIDTH, "new", poison, WIDTH, ROWS), kind, words);
                    expectRejection(fed, () -> fed.train("b", poison, WIDTH, "a", ok, WIDTH, ROWS), kind, words);
                    assertThat(fed.modalities()).containsExactly("a", "b");
                }
            }
            clean.endStep();
            fed.endStep();
            assertThat(fed.toBytes()).as("state after step %d", step).isEqualTo(clean.toBytes());
        }
    }

    private static void expectRejection(ContinualModel model, Runnable train, Kind kind, String words) {
        long batches = model.batchesSeen();
        assertThatThrownBy(train::run).isInstanceOfSatisfying(RejectedBatchException.class, e -> {
            assertThat(e.problem().kind()).isEqualTo(kind);
            assertThat(e.getMessage()).contains(words);
        });
        assertThat(model.batchesSeen()).isEqualTo(batches);
    }

    @Test
    void limitsRefuseLongBatchesWideNewModalitiesAndTooManyModalities() {
        ResourceLimits limits = new ResourceLimits(4, 5, 3);
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        model.train("a", new float[8], 4, "b", new float[8], 4, 2);
        assertThat(limits.problem(model, shape("a", 4, "b", 4, 4))).isNull();
        assertThat(limits.problem(model, shape("a", 4, "b", 4, 5)).kind()).isEqualTo(Kind.BATCH_TOO_LARGE);
        // a row count whose square overflows an int is still one comparison
        assertThat(limits.problem(model, shape("a", 4, "b", 4, 50_000)).message())
                .contains("50000 rows");
        assertThat(limits.problem(model, shape("a", 4, "c", 6, 2)).kind()).isEqualTo(Kind.WIDTH_OVER_LIMIT);
        assertThat(limits.problem(model, shape("a", 4, "c", 5, 2))).isNull();
        assertThat(limits.problem(model, shape("c", 4, "d", 4, 2)).kind()).isEqualTo(Kind.TOO_MANY_MODALITIES);
        model.train("a", new float[8], 4, "c", new float[8], 4, 2);
        assertThat(limits.problem(model, shape("b", 4, "d", 4, 2)).message()).contains("4 modalities");
        assertThatThrownBy(() -> new ResourceLimits(0, 5, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutLimitsTheModelStillRefusesRowsWhoseScoreMatrixNoArrayHolds() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        assertThat(model.problem("a", new float[50_000], 1, "b", new float[50_000], 1, 50_000)
                        .kind())
                .isEqualTo(Kind.BATCH_TOO_LARGE);
        assertThat(model.problem("a", new float[46_340], 1, "b", new float[46_340], 1, 46_340))
                .isNull();
    }

    @Test
    void theEigendecompositionRefusesANonFiniteMatrix() {
        double[] matrix = {1, 0, 0, Double.NaN};
        assertThatThrownBy(() -> SymmetricEigen.of(matrix, 2))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("NaN");
    }

    private static BatchShape shape(String a, int da, String b, int db, int rows) {
        return new BatchShape(a, new float[0], da, b, new float[0], db, rows);
    }

    private static float[] gaussian(Random random, int count, float scale) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian() * scale;
        }
        return values;
    }
}
