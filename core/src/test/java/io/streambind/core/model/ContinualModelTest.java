package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.BatchProblem.Kind;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContinualModelTest {
    private final Random random = new Random(11);

    @Test
    void rejectsBadBatchesWithOneSentenceEach() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        float[] ok = new float[8];
        assertThat(model.problem("a", ok, 4, "b", ok, 4, 2)).isNull();
        assertProblem(model.problem("a", ok, 4, "b", ok, 4, 0), Kind.EMPTY, "empty");
        assertProblem(model.problem("a", ok, 4, "a", ok, 4, 2), Kind.SAME_MODALITY, "same modality 'a'");
        assertProblem(model.problem("a", new float[7], 4, "b", ok, 4, 2), Kind.RAGGED, "Ragged batch: modality 'a'");
        assertProblem(model.problem("", ok, 4, "b", ok, 4, 2), Kind.UNNAMED_MODALITY, "name");
        assertProblem(model.problem("a", new float[0], 0, "b", ok, 4, 2), Kind.WIDTH_OUT_OF_RANGE, "width 0, outside");
        float[] nan = new float[8];
        nan[5] = Float.NaN;
        assertProblem(model.problem("a", ok, 4, "b", nan, 4, 2), Kind.NON_FINITE, "non-finite value (NaN)");
        assertThat(model.problem("a", ok, 4, "b", nan, 4, 2).message()).contains("row 1");
        model.train("a", ok, 4, "b", ok, 4, 2);
        assertProblem(
                model.problem("a", new float[6], 3, "c", new float[6], 3, 2), Kind.WIDTH_MISMATCH, "built for width 4");
        assertThatThrownBy(() -> model.train("a", ok, 4, "a", ok, 4, 2))
                .isInstanceOfSatisfying(
                        RejectedBatchException.class,
                        e -> assertThat(e.problem().kind()).isEqualTo(Kind.SAME_MODALITY));
        assertThat(model.batchesSeen()).isEqualTo(1);
    }

    private static void assertProblem(BatchProblem problem, Kind kind, String words) {
        assertThat(problem.kind()).isEqualTo(kind);
        assertThat(problem.message()).contains(words);
    }

    @Test
    void modalitiesOutsideThePairAreNotTouched() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        trainBatch(model, "a", "b", 6, 8);
        byte[] before = model.sectionBytes("b");
        trainBatch(model, "a", "c", 6, 8);
        trainBatch(model, "a", "c", 6, 8);
        assertThat(model.sectionBytes("b")).isEqualTo(before);
    }

    @Test
    void adamMomentsRestartAtEveryStep() {
        // no clipping, no decay: the first Adam step of a step moves every weight by exactly lr
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(
                DnsConfig.METHOD,
                "vanilla",
                DnsConfig.CLIP_NORM,
                "0",
                DnsConfig.WEIGHT_DECAY,
                "0",
                DnsConfig.LEARNING_RATE,
                "1e-2")));
        trainBatch(model, "a", "b", 6, 8);
        float[] w1 = model.weights("a");
        trainBatch(model, "a", "b", 6, 8);
        assertThat(maxDeviationFromLr(w1, model.weights("a"), 1e-2))
                .as("mid-step: moments carry over")
                .isGreaterThan(1e-3);
        model.endStep();
        float[] w2 = model.weights("a");
        trainBatch(model, "a", "b", 6, 8);
        assertThat(maxDeviationFromLr(w2, model.weights("a"), 1e-2))
                .as("first batch of a new step")
                .isLessThan(1e-5);
    }

    @Test
    void embedAppliesTheHead() {
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "1e-2")));
        trainBatch(model, "a", "b", 5, 8);
        trainBatch(model, "a", "b", 5, 8);
        float[] x = SyntheticPairs.gaussian(random, 3 * 5, 1);
        float[] y = model.embed("b", x, 3);
        float[] w = model.weights("b");
        float[] bias = model.bias("b");
        for (int i = 0; i < 3; i++) {
            for (int r = 0; r < 5; r++) {
                double expected = bias[r];
                for (int c = 0; c < 5; c++) {
                    expected += (double) w[r * 5 + c] * x[i * 5 + c];
                }
                assertThat((double) y[i * 5 + r]).isCloseTo(expected, offset(1e-5));
            }
        }
        assertThat(bias).isNotEqualTo(new float[5]);
        assertThatThrownBy(() -> model.embed("z", x, 3)).hasMessageContaining("unknown modality 'z'");
    }

    @Test
    void anEmptyStepIsReportedAsNoOpAndStillAdvances() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        StepResult result = model.endStep();
        assertThat(result.noOp()).isTrue();
        assertThat(result.step()).isZero();
        assertThat(model.step()).isEqualTo(1);
        trainBatch(model, "a", "b", 4, 8);
        StepResult trained = model.endStep();
        assertThat(trained.noOp()).isFalse();
        assertThat(trained.pairsTrained()).containsExactly("a|b");
        assertThat(trained.samples()).isEqualTo(8);
        assertThat(trained.ranks()).containsOnlyKeys("a", "b");
    }

    @Test
    void tracksWhichSectionsChanged() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        trainBatch(model, "a", "b", 4, 8);
        assertThat(model.dirtySections()).containsExactly("a", "b");
        model.markClean();
        trainBatch(model, "a", "c", 4, 8);
        assertThat(model.dirtySections()).containsExactly("a", "c");
    }

    @Test
    void l2NormalizationEqualsTrainingOnUnitRows() {
        Map<String, String> base = Map.of(DnsConfig.LEARNING_RATE, "1e-2");
        ContinualModel normalizing =
                new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "1e-2", DnsConfig.NORMALIZE, "l2")));
        ContinualModel plain = new ContinualModel(DnsConfig.parse(base));
        int d = 6;
        int n = 8;
        for (int i = 0; i < 3; i++) {
            float[] xa = SyntheticPairs.gaussian(random, n * d, 3);
            float[] xb = SyntheticPairs.gaussian(random, n * d, 3);
            normalizing.train("a", xa, d, "b", xb, d, n);
            plain.train("a", unitRows(xa, d), d, "b", unitRows(xb, d), d, n);
        }
        assertThat(normalizing.weights("a")).containsExactly(plain.weights("a"));
        assertThat(normalizing.bias("b")).containsExactly(plain.bias("b"));
        float[] probe = SyntheticPairs.gaussian(random, 2 * d, 5);
        assertThat(normalizing.embed("a", probe, 2)).containsExactly(plain.embed("a", unitRows(probe, d), 2));
    }

    @Test
    void weightDecayShrinksWButNotTheBias() {
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(
                DnsConfig.METHOD,
                "vanilla",
                DnsConfig.LEARNING_RATE,
                "1e-2",
                DnsConfig.WEIGHT_DECAY,
                "0.5",
                DnsConfig.CLIP_NORM,
                "0")));
        trainBatch(model, "a", "b", 5, 8);
        model.endStep();
        float[] w = model.weights("a");
        float[] bias = model.bias("a");
        assertThat(bias).isNotEqualTo(new float[5]);
        // a fresh partner fed zeros embeds every row to exactly 0, so S = 0 and dY_a = dS Y_c = 0: a zero
        // loss gradient for a, and its fresh Adam step is pure weight decay
        model.train("a", SyntheticPairs.gaussian(random, 8 * 5, 1), 5, "c", new float[8 * 5], 5, 8);
        assertThat(model.bias("a")).containsExactly(bias);
        float[] decayed = model.weights("a");
        for (int i = 0; i < w.length; i++) {
            assertThat((double) decayed[i]).isCloseTo(w[i] * (1 - 1e-2 * 0.5), offset(1e-6));
        }
    }

    @Test
    void projectedStepNormIsTheNormOfTheWeightChange() {
        // profile exact applies Δ - L Δ R to W~; the reported norm comes from ||Δ||^2 - ||L Δ R||^2
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "1e-2")));
        SyntheticPairs data = new SyntheticPairs(3, 0.01, 5);
        double[] a = data.mixing(12);
        double[] b = data.mixing(12);
        for (int i = 0; i < 6; i++) {
            double[] z = data.latents(16);
            model.train("a", data.observe(a, z, 12), 12, "b", data.observe(b, z, 12), 12, 16);
        }
        model.endStep();
        assertThat(model.ranks("a").right()).isBetween(1, 12);
        float[] wa = model.weights("a");
        float[] ba = model.bias("a");
        float[] wb = model.weights("b");
        float[] bb = model.bias("b");
        double[] z = data.latents(16);
        BatchResult result = model.train("a", data.observe(a, z, 12), 12, "b", data.observe(b, z, 12), 12, 16);
        double change = squaredChange(wa, model.weights("a"))
                + squaredChange(ba, model.bias("a"))
                + squaredChange(wb, model.weights("b"))
                + squaredChange(bb, model.bias("b"));
        assertThat(result.normAfterProjection()).isCloseTo(Math.sqrt(change), offset(1e-3 * Math.sqrt(change)));
        assertThat(result.normAfterProjection()).isLessThan(result.normBeforeProjection());
        // mid-step, with the write-back pending, embed applies the same head that weights() and bias() report
        float[] x = data.observe(a, data.latents(2), 12);
        float[] y = model.embed("a", x, 2);
        float[] w = model.weights("a");
        float[] bias = model.bias("a");
        for (int i = 0; i < 2; i++) {
            for (int r = 0; r < model.outputWidth(); r++) {
                double expected = bias[r];
                for (int c = 0; c < 12; c++) {
                    expected += (double) w[r * 12 + c] * x[i * 12 + c];
                }
                assertThat((double) y[i * model.outputWidth() + r]).isCloseTo(expected, offset(1e-4));
            }
        }
    }

    private static double squaredChange(float[] before, float[] after) {
        double sum = 0;
        for (int i = 0; i < before.length; i++) {
            sum += ((double) after[i] - before[i]) * ((double) after[i] - before[i]);
        }
        return sum;
    }

    private static float[] unitRows(float[] x, int d) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length / d; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += (double) x[i * d + j] * x[i * d + j];
            }
            float scale = (float) (1 / Math.sqrt(norm));
            for (int j = 0; j < d; j++) {
                out[i * d + j] = x[i * d + j] * scale;
            }
        }
        return out;
    }

    private void trainBatch(ContinualModel model, String a, String b, int d, int n) {
        model.train(
                a, SyntheticPairs.gaussian(random, n * d, 1), d, b, SyntheticPairs.gaussian(random, n * d, 1), d, n);
    }

    private static double maxDeviationFromLr(float[] before, float[] after, double lr) {
        double worst = 0;
        for (int i = 0; i < before.length; i++) {
            worst = Math.max(worst, Math.abs(Math.abs((double) after[i] - before[i]) - lr));
        }
        return worst;
    }
}
