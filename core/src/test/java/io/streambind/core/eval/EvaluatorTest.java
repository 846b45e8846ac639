package io.streambind.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ContinualModel;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Runs the evaluator on a real model and checks it against embeddings computed here from W and b. */
class EvaluatorTest {
    private static final int D = 6;
    private static final int N = 24;
    private final Random random = new Random(11);

    private float[] gaussian(int rows) {
        float[] x = new float[rows * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** x W^T + b in double, rounded to float like the model's output. */
    private static float[] project(ContinualModel model, String modality, float[] x, int n) {
        float[] w = model.weights(modality);
        float[] b = model.bias(modality);
        int dOut = b.length;
        float[] y = new float[n * dOut];
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < dOut; o++) {
                double v = b[o];
                for (int k = 0; k < D; k++) {
                    v += (double) w[o * D + k] * x[i * D + k];
                }
                y[i * dOut + o] = (float) v;
            }
        }
        return y;
    }

    private static float[] scores(float[] ya, float[] yb, int n) {
        int d = ya.length / n;
        float[] s = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = 0;
                for (int k = 0; k < d; k++) {
                    v += (double) ya[i * d + k] * yb[j * d + k];
                }
                s[i * n + j] = (float) v;
            }
        }
        return s;
    }

    private void train(ContinualModel model, String a, String b) {
        for (int i = 0; i < 5; i++) {
            model.train(a, gaussian(16), D, b, gaussian(16), D, 16);
        }
    }

    @Test
    void figuresMatchAnIndependentComputation() {
        ContinualModel model = new ContinualModel(
                DnsConfig.defaults().with(Map.of(DnsConfig.METHOD, "vanilla", DnsConfig.LEARNING_RATE, "0.05")));
        Evaluator evaluator = new Evaluator(Evaluator.DEFAULT_MAX_PAIRS, 3);
        float[] testText = gaussian(N);
        float[] testVideo = gaussian(N);
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 3;
        }
        float[] prompts = gaussian(3);
        float[] testAudio = gaussian(N);
        float[] testDepth = gaussian(N);

        train(model, "text", "video");
        evaluator.recordTraining("A", "text", "video");
        evaluator.addTestPairs("A", "text", "video", testText, D, testVideo, D, N, labels);
        evaluator.putPrompts("A", "text", prompts, 3, D);
        model.endStep();
        StepFigures step0 = evaluator.evaluate(model, 0);

        TaskFigures a0 = step0.tasks().get(0);
        assertThat(a0.pair().key()).isEqualTo("A text-video");
        float[] expectedScores = scores(project(model, "text", testText, N), project(model, "video", testVideo, N), N);
        RecallFigures expected = Recall.of(expectedScores, N);
        assertThat(a0.recall().ab()).containsExactly(expected.ab());
        assertThat(a0.recall().ba()).containsExactly(expected.ba());
        double expectedAccuracy = ZeroShot.accuracy(
                project(model, "video", testVideo, N), N, project(model, "text", prompts, 3), 3, D, labels);
        assertThat(a0.zeroShotAccuracy()).isEqualTo(expectedAccuracy);
        assertThat(step0.stabilityDeviation()).isNull();
        assertThat(step0.bwtR10()).isNull();

        // A step on a disjoint pair leaves task A's heads, hence its scores, exactly as they were.
        train(model, "audio", "depth");
        evaluator.recordTraining("B", "audio", "depth");
        evaluator.addTestPairs("B", "audio", "depth", testAudio, D, testDepth, D, N, null);
        model.endStep();
        StepFigures step1 = evaluator.evaluate(model, 1);
        assertThat(step1.stabilityTask()).isEqualTo("A text-video");
        assertThat(step1.stabilityDeviation()).isZero();
        assertThat(step1.bwtR10()).isZero();
        assertThat(step1.tasks().get(1).zeroShotAccuracy()).isNull();
        float[] audioDepthBefore =
                scores(project(model, "audio", testAudio, N), project(model, "depth", testDepth, N), N);

        // Vanilla training on text-audio moves the audio head: task B's scores drift.
        train(model, "text", "audio");
        evaluator.recordTraining("C", "text", "audio");
        model.endStep();
        StepFigures step2 = evaluator.evaluate(model, 2);
        float[] audioDepthAfter =
                scores(project(model, "audio", testAudio, N), project(model, "depth", testDepth, N), N);
        assertThat(step2.stabilityTask()).isEqualTo("B audio-depth");
        assertThat(step2.stabilityDeviation())
                .isPositive()
                .isCloseTo(Stability.deviation(audioDepthBefore, audioDepthAfter), within(1e-4));
        ContinualMatrix r10 = evaluator.recall10Matrix();
        assertThat(step2.bwtR10())
                .isCloseTo(
                        ((r10.value(2, "A text-video") - r10.value(0, "A text-video"))
                                        + (r10.value(2, "B audio-depth") - r10.value(1, "B audio-depth")))
                                / 2,
                        within(1e-12));
        assertThat(step2.meanAccuracy()).isEqualTo(step2.tasks().get(0).zeroShotAccuracy());
    }

    /** The identity baseline is kept between calls; new pairs or different prompts must refresh it. */
    @Test
    void identityBaselineFollowsNewPairsAndPrompts() {
        float[] xa = gaussian(N);
        float[] xb = gaussian(N);
        int[] labels = new int[N];
        for (int i = 0; i < N; i++) {
            labels[i] = i % 3;
        }
        Evaluator kept = new Evaluator(100, 0);
        kept.addTestPairs(
                "t",
                "audio",
                "text",
                java.util.Arrays.copyOf(xa, N / 2 * D),
                D,
                java.util.Arrays.copyOf(xb, N / 2 * D),
                D,
                N / 2,
                java.util.Arrays.copyOf(labels, N / 2));
        kept.putPrompts("t", "text", gaussian(3), 3, D);
        java.util.List<TaskFigures> first = kept.identityBaseline(D);
        assertThat(kept.identityBaseline(D)).isEqualTo(first);

        float[] moreA = java.util.Arrays.copyOfRange(xa, N / 2 * D, N * D);
        float[] moreB = java.util.Arrays.copyOfRange(xb, N / 2 * D, N * D);
        kept.addTestPairs(
                "t", "audio", "text", moreA, D, moreB, D, N / 2, java.util.Arrays.copyOfRange(labels, N / 2, N));
        float[] prompts = gaussian(3);
        kept.putPrompts("t", "text", prompts, 3, D);

        Evaluator fresh = new Evaluator(100, 0);
        fresh.addTestPairs("t", "audio", "text", xa, D, xb, D, N, labels);
        fresh.putPrompts("t", "text", prompts, 3, D);
        assertThat(kept.identityBaseline(D))
                .usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(fresh.identityBaseline(D));
        assertThat(kept.identityBaseline(D).get(0).testPairs()).isEqualTo(N);
        assertThat(first.get(0).testPairs()).isEqualTo(N / 2);
    }
}
