package io.streambind.learner.eval;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.TaskMetrics;
import io.streambind.core.eval.ContinualMatrix;
import io.streambind.core.eval.Evaluator;
import io.streambind.core.eval.Recall;
import io.streambind.core.eval.Stability;
import io.streambind.core.eval.StepFigures;
import io.streambind.core.eval.TaskFigures;
import io.streambind.core.eval.TaskPair;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.process.StepEvaluator;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import io.streambind.schemas.codec.FloatMatrix;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * dns-spec §6 at every step end, with core's {@link Evaluator} on the test pairs and prompts kept in
 * the store, so the figures are those offline replay computes for the same stream. Core's evaluator
 * keeps its matrices and stability reference in memory; here they live in the store instead
 * ({@link EvaluationHistory} plus one score matrix), so a restarted or migrated task continues them.
 */
public final class ContinualEvaluation implements StepEvaluator {
    private static final int R10 = Recall.KS.length - 1;

    private final int maxPairs;
    private final LearnerMetrics metrics;
    /** By model instance, weakly: an evicted or rebuilt model's evaluator goes with it. */
    private final Map<ContinualModel, Evaluator> evaluators = new WeakHashMap<>();

    /** @param maxPairs test pairs per task (the learner keeps at most this many; offline replay uses 1000) */
    public ContinualEvaluation(int maxPairs, LearnerMetrics metrics) {
        this.maxPairs = maxPairs;
        this.metrics = metrics;
    }

    @Override
    public StepEvaluation evaluate(
            Manifest manifest, long step, List<TaskPair> trainedTasks, ContinualModel model, ModelStore store) {
        String modelId = manifest.modelId;
        Evaluator evaluator = evaluatorOf(model);
        for (Map.Entry<String, Integer> kept : manifest.testRows.entrySet()) {
            long seen = evaluator.testPairsSeen(kept.getKey());
            if (kept.getValue() > seen) {
                store.testBatches(modelId, kept.getKey(), seen).forEach(batch -> addTestPairs(evaluator, batch));
            }
        }
        for (ClassPrompts prompts : store.prompts(modelId).values()) {
            evaluator.putPrompts(
                    prompts.getTask(),
                    prompts.getModality(),
                    FloatMatrix.toFloats(prompts.getEmbeddings()),
                    prompts.getClassNames().size(),
                    prompts.getWidth());
        }
        List<String> trained = new ArrayList<>();
        for (TaskPair task : trainedTasks) {
            evaluator.recordTraining(task.task(), task.modalityA(), task.modalityB());
            trained.add(task.key());
        }
        EvaluationHistory history = EvaluationHistory.fromJson(store.evaluationHistory(modelId));
        // The stability deviation compares the previous reference task's scores now with those stored, and
        // the last task trained now becomes the next reference.
        List<String> keepScoresOf = new ArrayList<>(trained);
        if (history.referenceTask != null) {
            keepScoresOf.add(history.referenceTask);
        }
        StepFigures figures = evaluator.evaluate(model, step, keepScoresOf);
        history.add(figures, trained);
        Map<String, TaskFigures> evaluated = new LinkedHashMap<>();
        figures.tasks().forEach(task -> evaluated.put(task.pair().key(), task));

        String stabilityTask = null;
        Double deviation = null;
        if (history.referenceTask != null
                && history.referenceStep == step - 1
                && evaluated.containsKey(history.referenceTask)) {
            float[] before = FloatMatrix.toFloats(ByteBuffer.wrap(store.stabilityReference(modelId)));
            float[] now = evaluator.keptScores(history.referenceTask);
            // More test pairs of the task may have arrived since: the matrices then cover different pairs.
            if (before.length == now.length) {
                stabilityTask = history.referenceTask;
                deviation = Stability.deviation(before, now);
            }
        }
        String reference = null;
        for (String key : trained) {
            if (evaluated.containsKey(key)) {
                reference = key;
            }
        }
        if (reference != null) {
            history.referenceTask = reference;
            history.referenceStep = step;
            store.putStabilityReference(
                    modelId,
                    FloatMatrix.toBytes(evaluator.keptScores(reference)).array());
        }
        store.putEvaluationHistory(modelId, history.toJson());

        if (evaluated.isEmpty()) {
            return null;
        }
        ContinualMatrix recall10 = history.recallMatrix(R10);
        ContinualMatrix accuracy = history.accuracyMatrix();
        StepEvaluation evaluation = StepEvaluation.newBuilder()
                .setTasks(figures.tasks().stream()
                        .map(ContinualEvaluation::taskMetrics)
                        .toList())
                .setStabilityTask(stabilityTask)
                .setStabilityDeviation(deviation)
                .setBwtR10(recall10.backwardTransfer())
                .setBwtAccuracy(accuracy.backwardTransfer())
                .setMeanR10(recall10.lastRowMean())
                .setMeanAccuracy(accuracy.lastRowMean())
                .setIdentityBaseline(evaluator.identityBaseline(model.outputWidth()).stream()
                        .map(ContinualEvaluation::taskMetrics)
                        .toList())
                .build();
        publish(modelId, evaluation);
        return evaluation;
    }

    private static void addTestPairs(Evaluator evaluator, EmbeddingBatch batch) {
        evaluator.addTestPairs(
                batch.getTask(),
                batch.getModalityA(),
                batch.getModalityB(),
                FloatMatrix.toFloats(batch.getXa()),
                batch.getWidthA(),
                FloatMatrix.toFloats(batch.getXb()),
                batch.getWidthB(),
                batch.getRows(),
                labels(batch));
    }

    private static int[] labels(EmbeddingBatch batch) {
        return batch.getLabels() == null
                ? null
                : batch.getLabels().stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The evaluator of a model instance: it keeps the decoded test pairs, prompts and identity-head figures
     * between step ends, so each step end reads only what arrived since. A model rebuilt from the store (after a
     * restore, a rebalance or an eviction) is a new instance and starts a new evaluator from the store.
     */
    private Evaluator evaluatorOf(ContinualModel model) {
        synchronized (evaluators) {
            return evaluators.computeIfAbsent(
                    model, m -> new Evaluator(maxPairs, m.config().seed()));
        }
    }

    private static TaskMetrics taskMetrics(TaskFigures task) {
        return TaskMetrics.newBuilder()
                .setTask(task.pair().task())
                .setModalityA(task.pair().modalityA())
                .setModalityB(task.pair().modalityB())
                .setTestPairs(task.testPairs())
                .setRecallAB(boxed(task.recall().ab()))
                .setRecallBA(boxed(task.recall().ba()))
                .setRecall(boxed(task.recall().mean()))
                .setZeroShotAccuracy(task.zeroShotAccuracy())
                .build();
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private void publish(String modelId, StepEvaluation evaluation) {
        for (TaskMetrics task : evaluation.getTasks()) {
            String pair = task.getModalityA() + "-" + task.getModalityB();
            for (int k = 0; k < Recall.KS.length; k++) {
                metrics.recall(
                        modelId,
                        task.getTask(),
                        pair,
                        Recall.KS[k],
                        LearnerMetrics.AB,
                        task.getRecallAB().get(k));
                metrics.recall(
                        modelId,
                        task.getTask(),
                        pair,
                        Recall.KS[k],
                        LearnerMetrics.BA,
                        task.getRecallBA().get(k));
                metrics.recall(
                        modelId,
                        task.getTask(),
                        pair,
                        Recall.KS[k],
                        LearnerMetrics.MEAN,
                        task.getRecall().get(k));
            }
            if (task.getZeroShotAccuracy() != null) {
                metrics.accuracy(modelId, task.getTask(), pair, task.getZeroShotAccuracy());
            }
        }
        metrics.continual(modelId, LearnerMetrics.METRIC_R10, evaluation.getBwtR10(), evaluation.getMeanR10());
        metrics.continual(
                modelId, LearnerMetrics.METRIC_ACCURACY, evaluation.getBwtAccuracy(), evaluation.getMeanAccuracy());
        if (evaluation.getStabilityDeviation() != null) {
            metrics.stabilityDeviation(modelId, evaluation.getStabilityDeviation());
        }
    }
}
