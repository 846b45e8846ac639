package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import java.nio.DoubleBuffer;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code dns.precision=float64}: the same math as float32, carried out in double precision. */
class Float64ModeTest {
    private static final int D = 6;
    private static final int N = 5;

    @Test
    void vanillaTrainingMatchesAnIndependentDoubleComputation() {
        double lr = 1e-2;
        ContinualModel model = new ContinualModel(config("vanilla", "exact", lr));
        ContinualModel single = new ContinualModel(
                DnsConfig.parse(Map.of(DnsConfig.METHOD, "vanilla", DnsConfig.LEARNING_RATE, Double.toString(lr))));
        ReferenceVanilla reference = new ReferenceVanilla(D, lr, 0.9, 0.999, 1e-8, 1e-3, 1.0);
        Random random = new Random(5);
        for (int batch = 0; batch < 4; batch++) {
            float[] xa = SyntheticPairs.gaussian(random, N * D, 1);
            float[] xb = SyntheticPairs.gaussian(random, N * D, 1);
            // the last batch's gradient norm is scaled up past the clipping threshold
            if (batch == 3) {
                for (int i = 0; i < xa.length; i++) {
                    xa[i] *= 4;
                }
            }
            model.train("a", xa, D, "b", xb, D, N);
            single.train("a", xa, D, "b", xb, D, N);
            reference.train(xa, xb, N);
        }
        double[] initial = ReferenceVanilla.identityHead(D);
        double float64Error = relativeDistance(doubles(model, "a"), reference.headA(), initial);
        double float32Error = relativeDistance(floats(single, "a"), reference.headA(), initial);
        assertThat(float64Error).isLessThan(1e-10);
        assertThat(relativeDistance(doubles(model, "b"), reference.headB(), initial))
                .isLessThan(1e-10);
        // float32 is as far as its rounding allows: many orders of magnitude above float64
        assertThat(float32Error).isGreaterThan(1e-8).isLessThan(1e-3);
    }

    @ParameterizedTest
    @CsvSource({"dns, exact", "dns, paper", "input-null, exact", "vanilla, exact", "ewc, exact"})
    void stateRoundTripContinuesBitIdentically(String method, String profile) {
        ContinualModel model = new ContinualModel(config(method, profile, 1e-2));
        Random random = new Random(11);
        train(model, random, 3);
        model.endStep();
        train(model, random, 2); // mid-step: Adam moments and step sums are part of the state
        byte[] saved = model.toBytes();
        ContinualModel restored = ContinualModel.fromBytes(saved);
        assertThat(restored.toBytes()).isEqualTo(saved);
        assertThat(restored.modalities.get("a").weights.dataType()).isEqualTo(DataType.DOUBLE);
        Random same = new Random(12);
        train(model, same, 2);
        model.endStep();
        train(restored, new Random(12), 2);
        restored.endStep();
        assertThat(restored.toBytes()).isEqualTo(model.toBytes());
        assertThat(restored.embed("a", SyntheticPairs.gaussian(new Random(1), 2 * D, 1), 2))
                .containsExactly(model.embed("a", SyntheticPairs.gaussian(new Random(1), 2 * D, 1), 2));
    }

    @Test
    void float32AndFloat64AgreeOnAWellConditionedStream() {
        int d = 16;
        int n = 32;
        ContinualModel single = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "1e-3")));
        ContinualModel twice = new ContinualModel(config("dns", "exact", 1e-3));
        SyntheticPairs data = new SyntheticPairs(4, 0.01, 3);
        double[] mixA = data.mixing(d);
        double[] mixB = data.mixing(d);
        for (int step = 0; step < 3; step++) {
            for (int batch = 0; batch < 6; batch++) {
                double[] z = data.latents(n);
                float[] xa = data.observe(mixA, z, d);
                float[] xb = data.observe(mixB, z, d);
                single.train("a", xa, d, "b", xb, d, n);
                twice.train("a", xa, d, "b", xb, d, n);
            }
            single.endStep();
            twice.endStep();
        }
        assertThat(twice.ranks("a")).isEqualTo(single.ranks("a"));
        double[] initial = ReferenceVanilla.identityHead(d);
        assertThat(relativeDistance(floats(single, "a"), doubles(twice, "a"), initial))
                .isLessThan(1e-4);
        assertThat(relativeDistance(floats(single, "b"), doubles(twice, "b"), initial))
                .isLessThan(1e-4);
    }

    private static DnsConfig config(String method, String profile, double lr) {
        return DnsConfig.parse(Map.of(
                DnsConfig.METHOD,
                method,
                DnsConfig.PROFILE,
                profile,
                DnsConfig.LEARNING_RATE,
                Double.toString(lr),
                DnsConfig.PRECISION,
                "float64"));
    }

    private static void train(ContinualModel model, Random random, int batches) {
        for (int i = 0; i < batches; i++) {
            model.train(
                    "a",
                    SyntheticPairs.gaussian(random, N * D, 1),
                    D,
                    "b",
                    SyntheticPairs.gaussian(random, N * D, 1),
                    D,
                    N);
        }
    }

    /** The head W~ (column-major d_out x (d+1)) of a float64 model, exactly as held. */
    private static double[] doubles(ContinualModel model, String modality) {
        INDArray w = model.modalities.get(modality).effectiveWeights();
        assertThat(w.dataType()).isEqualTo(DataType.DOUBLE);
        DoubleBuffer b = w.data().asNioDouble();
        double[] out = new double[(int) w.length()];
        b.get(0, out);
        return out;
    }

    /** The head W~ (column-major) of a float32 model, widened. */
    private static double[] floats(ContinualModel model, String modality) {
        INDArray w = model.modalities.get(modality).effectiveWeights();
        assertThat(w.dataType()).isEqualTo(DataType.FLOAT);
        return w.data().asDouble();
    }

    /** ||actual - expected|| / ||expected - initial||: the distance as a share of the learned change. */
    private static double relativeDistance(double[] actual, double[] expected, double[] initial) {
        double distance = 0;
        double change = 0;
        for (int i = 0; i < expected.length; i++) {
            distance += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            change += (expected[i] - initial[i]) * (expected[i] - initial[i]);
        }
        assertThat(change).isPositive();
        return Math.sqrt(distance / change);
    }
}
