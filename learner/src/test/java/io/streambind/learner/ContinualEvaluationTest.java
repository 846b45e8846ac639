package io.streambind.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.StepReport;
import io.streambind.avro.TaskMetrics;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.eval.Evaluator;
import io.streambind.core.eval.StepFigures;
import io.streambind.core.eval.TaskFigures;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.process.ProcessingSettings;
import io.streambind.schemas.codec.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The learner's step-end evaluation gives exactly the figures of core's {@link Evaluator} fed the same
 * stream offline (as {@code Replay} does): three steps, three task keys (one dataset with two modality
 * pairs), BWT, means and stability deviation, which need the history the learner keeps in its store.
 * One hot model slot and a second model taking turns force a rebuild from the store on every record.
 */
class ContinualEvaluationTest {
    private static final String MODEL = "m1";
    private static final String OTHER = "m2";
    private static final int D = 8;
    private static final int N = 24;
    private static final int CLASSES = 3;

    @TempDir
    Path stateDir;

    /** What one step trains and tests. */
    private record StepPlan(String task, String a, String b) {}

    private static final List<StepPlan> PLAN = List.of(
            new StepPlan("flowers", "vision", "text"),
            new StepPlan("sounds", "audio", "text"),
            new StepPlan("sounds", "vision", "audio"));

    @Test
    void stepEndFiguresEqualOfflineEvaluationAndReachTheMetrics() {
        // Vanilla, so that later steps do move old tasks' scores (DNS keeps them still at this full-rank size).
        DnsConfig config = DnsConfig.parse(Map.of(DnsConfig.METHOD, "vanilla", DnsConfig.SEED, "7"));
        ProcessingSettings settings = LearnerDriver.settings(
                config, Map.of(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "2", LearnerConfig.HOT_MAX_MODELS, "1"));
        ContinualModel model = new ContinualModel(config);
        Evaluator offline = new Evaluator(settings.learner().maxTestPairs(), config.seed());
        List<StepFigures> expected = new ArrayList<>();
        List<StepReport> reports;
        try (LearnerDriver learner = LearnerDriver.withEvaluation(stateDir, settings)) {
            ClassPrompts prompts = prompts("flowers");
            // Sent as two records of contiguous labels (as the producer splits prompts too large for one record).
            learner.send(MODEL, promptRange(prompts, 1, CLASSES));
            learner.send(MODEL, promptRange(prompts, 0, 1));
            offline.putPrompts("flowers", "text", FloatMatrix.toFloats(prompts.getEmbeddings()), CLASSES, D);
            for (int step = 0; step < PLAN.size(); step++) {
                StepPlan plan = PLAN.get(step);
                for (int i = 0; i < 3; i++) {
                    EmbeddingBatch train = batch(plan, "s" + step + "b" + i, Split.TRAIN, 10L * step + i);
                    learner.send(MODEL, train);
                    learner.send(OTHER, SyntheticBatches.batch(OTHER, "s" + step + "b" + i, Split.TRAIN, 4, D, i));
                    model.train(
                            train.getModalityA(),
                            FloatMatrix.toFloats(train.getXa()),
                            D,
                            train.getModalityB(),
                            FloatMatrix.toFloats(train.getXb()),
                            D,
                            N);
                    offline.recordTraining(plan.task(), plan.a(), plan.b());
                }
                // Test pairs in two batches; the second one of the last step must not change older tasks' rows.
                for (int part = 0; part < 2; part++) {
                    EmbeddingBatch test = batch(plan, "s" + step + "t" + part, Split.TEST, 100L + 10L * step + part);
                    learner.send(MODEL, test);
                    offline.addTestPairs(
                            plan.task(),
                            plan.a(),
                            plan.b(),
                            FloatMatrix.toFloats(test.getXa()),
                            D,
                            FloatMatrix.toFloats(test.getXb()),
                            D,
                            N,
                            test.getLabels().stream().mapToInt(l -> l).toArray());
                }
                learner.send(MODEL, SyntheticBatches.marker(MODEL, step));
                learner.send(OTHER, SyntheticBatches.marker(OTHER, step));
                expected.add(offline.evaluate(model, model.endStep().step()));
            }
            reports = learner.reports().stream()
                    .filter(r -> r.getModelId().equals(MODEL))
                    .toList();
            assertThat(learner.deadLetters()).isEmpty();

            StepEvaluation last = reports.get(2).getEvaluation();
            TaskMetrics flowers = last.getTasks().get(0);
            assertThat(gauge(
                            learner,
                            LearnerMetrics.EVAL_RECALL,
                            "task",
                            "flowers",
                            "pair",
                            "vision-text",
                            "k",
                            "10",
                            "direction",
                            "mean"))
                    .isEqualTo(flowers.getRecall().get(2));
            assertThat(gauge(learner, LearnerMetrics.EVAL_ACCURACY, "task", "flowers", "pair", "vision-text"))
                    .isEqualTo(flowers.getZeroShotAccuracy());
            assertThat(gauge(learner, LearnerMetrics.EVAL_BWT, "metric", "r10")).isEqualTo(last.getBwtR10());
            assertThat(gauge(learner, LearnerMetrics.EVAL_STABILITY_DEVIATION)).isEqualTo(last.getStabilityDeviation());
        }

        assertThat(reports).hasSize(PLAN.size());
        // The row before the first step: identity heads on every task with test pairs, as offline.
        List<TaskFigures> baseline = offline.identityBaseline(D);
        List<TaskMetrics> reported = reports.get(2).getEvaluation().getIdentityBaseline();
        assertThat(reported).hasSize(3).hasSameSizeAs(baseline);
        for (int t = 0; t < baseline.size(); t++) {
            assertThat(reported.get(t).getRecall())
                    .containsExactlyElementsOf(boxed(baseline.get(t).recall().mean()));
            assertThat(reported.get(t).getZeroShotAccuracy())
                    .isEqualTo(baseline.get(t).zeroShotAccuracy());
        }
        for (int step = 0; step < PLAN.size(); step++) {
            assertSameFigures(reports.get(step).getEvaluation(), expected.get(step));
        }
        // The figures are not vacuous: later steps see all earlier tasks, step 1 and 2 measure stability,
        // and the last step has a backward transfer over two earlier tasks.
        assertThat(reports.get(2).getEvaluation().getTasks()).hasSize(3);
        assertThat(reports.get(1).getEvaluation().getStabilityTask()).isEqualTo("flowers vision-text");
        assertThat(reports.get(2).getEvaluation().getStabilityTask()).isEqualTo("sounds audio-text");
        assertThat(reports.get(2).getEvaluation().getStabilityDeviation()).isPositive();
        assertThat(reports.get(2).getEvaluation().getBwtR10()).isNotNull();
        assertThat(reports.get(0).getEvaluation().getTasks().get(0).getZeroShotAccuracy())
                .isNotNull();
    }

    private static void assertSameFigures(StepEvaluation actual, StepFigures expected) {
        assertThat(actual.getTasks()).hasSameSizeAs(expected.tasks());
        for (int t = 0; t < expected.tasks().size(); t++) {
            TaskFigures want = expected.tasks().get(t);
            TaskMetrics got = actual.getTasks().get(t);
            assertThat(got.getTask()).isEqualTo(want.pair().task());
            assertThat(got.getModalityA() + "-" + got.getModalityB())
                    .isEqualTo(want.pair().modalityA() + "-" + want.pair().modalityB());
            assertThat(got.getTestPairs()).isEqualTo(want.testPairs());
            assertThat(got.getRecallAB())
                    .containsExactlyElementsOf(boxed(want.recall().ab()));
            assertThat(got.getRecallBA())
                    .containsExactlyElementsOf(boxed(want.recall().ba()));
            assertThat(got.getRecall())
                    .containsExactlyElementsOf(boxed(want.recall().mean()));
            assertThat(got.getZeroShotAccuracy()).isEqualTo(want.zeroShotAccuracy());
        }
        assertThat(actual.getStabilityTask()).isEqualTo(expected.stabilityTask());
        assertThat(actual.getStabilityDeviation()).isEqualTo(expected.stabilityDeviation());
        assertThat(actual.getBwtR10()).isEqualTo(expected.bwtR10());
        assertThat(actual.getBwtAccuracy()).isEqualTo(expected.bwtAccuracy());
        assertThat(actual.getMeanR10()).isEqualTo(expected.meanR10());
        assertThat(actual.getMeanAccuracy()).isEqualTo(expected.meanAccuracy());
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static double gauge(LearnerDriver learner, String name, String... tags) {
        return learner.meters.get(name).tags("model", MODEL).tags(tags).gauge().value();
    }

    /** Rows of a task share a signal across the pair; labels follow the row index so zero-shot has something to find. */
    private static EmbeddingBatch batch(StepPlan plan, String id, Split split, long seed) {
        EmbeddingBatch base = SyntheticBatches.batch(MODEL, id, split, N, D, seed);
        return EmbeddingBatch.newBuilder(base)
                .setTask(plan.task())
                .setModalityA(plan.a())
                .setModalityB(plan.b())
                .setLabels(
                        split == Split.TEST
                                ? IntStream.range(0, N)
                                        .map(i -> i % CLASSES)
                                        .boxed()
                                        .toList()
                                : null)
                .build();
    }

    /** Classes [from, to) of {@code whole} as one record of a split prompt set. */
    private static ClassPrompts promptRange(ClassPrompts whole, int from, int to) {
        float[] all = FloatMatrix.toFloats(whole.getEmbeddings());
        return ClassPrompts.newBuilder(whole)
                .setClassNames(whole.getClassNames().subList(from, to))
                .setEmbeddings(FloatMatrix.toBytes(Arrays.copyOfRange(all, from * D, to * D)))
                .setFirstClass(from)
                .setClassCount(whole.getClassNames().size())
                .build();
    }

    private static ClassPrompts prompts(String task) {
        return ClassPrompts.newBuilder(SyntheticBatches.prompts(MODEL, "text", CLASSES, D, 5))
                .setTask(task)
                .build();
    }
}
