package io.streambind.core.eval;

import io.streambind.core.model.ContinualModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Continual evaluation of one model (dns-spec §6). Test pairs and class prompts are fed in as they
 * arrive, the tasks trained in the current step are recorded, and {@link #evaluate} after each step
 * end scores every task seen so far, extends the R@1, R@10 and accuracy matrices and measures the
 * stability deviation of the previous step's task.
 */
public final class Evaluator {
    /** Test pairs kept per task (the paper evaluates retrieval on at most 1000 pairs). */
    public static final int DEFAULT_MAX_PAIRS = 1000;

    private record Prototypes(String modality, float[] embeddings, int classes, int width) {}

    /** Scores of the task trained last in a step, under the model right after that step. */
    private record StabilityReference(String key, long step, float[] scores) {}

    private final int maxPairs;
    private final long seed;
    private final Map<String, TestSetSampler> testSets = new LinkedHashMap<>();
    private final Map<String, Prototypes> prototypesByTask = new HashMap<>();
    /** Identity-head figures by task key; identity heads never change, so only new pairs or prompts invalidate them. */
    private final Map<String, TaskFigures> baselineByKey = new HashMap<>();

    private final Set<String> trainedInStep = new LinkedHashSet<>();
    private final ContinualMatrix recall1 = new ContinualMatrix();
    private final ContinualMatrix recall10 = new ContinualMatrix();
    private final ContinualMatrix accuracy = new ContinualMatrix();
    private StabilityReference reference;
    private final Map<String, float[]> keptScores = new HashMap<>();
    private int baselineWidth = -1;

    public Evaluator(int maxPairs, long seed) {
        this.maxPairs = maxPairs;
        this.seed = seed;
    }

    /** Adds held-out pairs of a task; labels may be null. */
    public void addTestPairs(
            String task, String a, String b, float[] xa, int widthA, float[] xb, int widthB, int n, int[] labels) {
        TaskPair pair = new TaskPair(task, a, b);
        testSets.computeIfAbsent(pair.key(), k -> new TestSetSampler(pair, widthA, widthB, maxPairs, seed))
                .add(xa, xb, labels, n);
        baselineByKey.remove(pair.key());
    }

    /** Pairs offered for a task key so far (kept or not); 0 for a task not seen. */
    public long testPairsSeen(String key) {
        TestSetSampler sampler = testSets.get(key);
        return sampler == null ? 0 : sampler.seen();
    }

    /** Class-name embeddings of a dataset (row c is class c); replaces earlier prompts of the task. */
    public void putPrompts(String task, String modality, float[] embeddings, int classes, int width) {
        if (embeddings.length != (long) classes * width) {
            throw new IllegalArgumentException("prompts of " + task + ": expected " + classes + " x " + width);
        }
        Prototypes previous = prototypesByTask.get(task);
        if (previous != null
                && previous.modality().equals(modality)
                && previous.classes() == classes
                && previous.width() == width
                && Arrays.equals(previous.embeddings(), embeddings)) {
            return;
        }
        prototypesByTask.put(task, new Prototypes(modality, embeddings.clone(), classes, width));
        baselineByKey.values().removeIf(figures -> figures.pair().task().equals(task));
    }

    /** Notes that the current step trained this task (BWT compares against the step it was last trained in). */
    public void recordTraining(String task, String a, String b) {
        trainedInStep.add(new TaskPair(task, a, b).key());
    }

    /** Evaluates {@code model} after step {@code step} ended and starts the next step's bookkeeping. */
    public StepFigures evaluate(ContinualModel model, long step) {
        return evaluate(model, step, Set.of());
    }

    /**
     * {@link #evaluate(ContinualModel, long)}, keeping the score matrices of the task keys
     * {@code keepScoresOf} for {@link #keptScores} until the next evaluation (a caller that keeps its own
     * stability reference needs them; keeping every task's would hold up to 4 MB per task).
     */
    public StepFigures evaluate(ContinualModel model, long step, Collection<String> keepScoresOf) {
        Map<String, float[]> scoresByKey = new HashMap<>();
        List<TaskFigures> tasks = score(Heads.of(model), scoresByKey);
        keptScores.clear();
        for (String key : keepScoresOf) {
            if (scoresByKey.containsKey(key)) {
                keptScores.put(key, scoresByKey.get(key));
            }
        }
        Map<String, Double> recall1Row = new LinkedHashMap<>();
        Map<String, Double> recallRow = new LinkedHashMap<>();
        Map<String, Double> accuracyRow = new LinkedHashMap<>();
        for (TaskFigures task : tasks) {
            recall1Row.put(task.pair().key(), task.recall().recall1());
            recallRow.put(task.pair().key(), task.recall().recall10());
            if (task.zeroShotAccuracy() != null) {
                accuracyRow.put(task.pair().key(), task.zeroShotAccuracy());
            }
        }
        List<String> trained = List.copyOf(trainedInStep);
        recall1.addRow(step, recall1Row, trained);
        recall10.addRow(step, recallRow, trained);
        accuracy.addRow(step, accuracyRow, trained);
        trainedInStep.clear();

        String stabilityTask = null;
        Double deviation = null;
        if (reference != null && reference.step() == step - 1 && scoresByKey.containsKey(reference.key())) {
            stabilityTask = reference.key();
            deviation = Stability.deviation(reference.scores(), scoresByKey.get(reference.key()));
        }
        for (String key : trained) {
            if (scoresByKey.containsKey(key)) {
                reference = new StabilityReference(key, step, scoresByKey.get(key));
            }
        }
        return new StepFigures(
                step,
                tasks,
                stabilityTask,
                deviation,
                recall10.backwardTransfer(),
                accuracy.backwardTransfer(),
                recall10.lastRowMean(),
                accuracy.lastRowMean());
    }

    /**
     * The row before the first step: every task scored with the identity heads a model starts from (the
     * frozen encoders' space). It does not enter the matrices; identity heads never change, so it can be
     * taken at any time for the tasks whose test pairs have arrived.
     */
    public List<TaskFigures> identityBaseline(int outputWidth) {
        Heads identity = Heads.identity(outputWidth);
        if (baselineWidth != outputWidth) {
            baselineByKey.clear();
            baselineWidth = outputWidth;
        }
        List<TaskFigures> tasks = new ArrayList<>();
        for (TestSetSampler sampler : testSets.values()) {
            String key = sampler.pair().key();
            TaskFigures figures = baselineByKey.get(key);
            if (figures == null) {
                figures = scoreTask(identity, sampler.rowsInArrivalOrder(), null);
                baselineByKey.put(key, figures);
            }
            tasks.add(figures);
        }
        return tasks;
    }

    /** A score matrix the last evaluation was asked to keep; null if it was not asked or could not score the task. */
    public float[] keptScores(String key) {
        return keptScores.get(key);
    }

    private List<TaskFigures> score(Heads heads, Map<String, float[]> scoresByKey) {
        List<TaskFigures> tasks = new ArrayList<>();
        for (TestSetSampler sampler : testSets.values()) {
            TaskFigures figures = scoreTask(heads, sampler.rowsInArrivalOrder(), scoresByKey);
            if (figures != null) {
                tasks.add(figures);
            }
        }
        return tasks;
    }

    /**
     * One task's figures under {@code heads} (its scores into {@code scoresByKey} unless that is null), or null
     * when a head is missing.
     */
    private TaskFigures scoreTask(Heads heads, TestPairs pairs, Map<String, float[]> scoresByKey) {
        TaskPair pair = pairs.pair();
        if (!heads.knows(pair.modalityA(), pairs.widthA()) || !heads.knows(pair.modalityB(), pairs.widthB())) {
            return null;
        }
        float[] ya = heads.embed(pair.modalityA(), pairs.xa(), pairs.rows(), pairs.widthA());
        float[] yb = heads.embed(pair.modalityB(), pairs.xb(), pairs.rows(), pairs.widthB());
        float[] scores = Scores.innerProducts(ya, yb, pairs.rows(), heads.outputWidth());
        if (scoresByKey != null) {
            scoresByKey.put(pair.key(), scores);
        }
        return new TaskFigures(pair, pairs.rows(), Recall.of(scores, pairs.rows()), zeroShot(heads, pairs, ya, yb));
    }

    /** R@1, mean of both directions: saturates later than R@10, so it tells methods apart on easy tasks. */
    public ContinualMatrix recall1Matrix() {
        return recall1;
    }

    public ContinualMatrix recall10Matrix() {
        return recall10;
    }

    public ContinualMatrix accuracyMatrix() {
        return accuracy;
    }

    /** Accuracy of the side opposite the prompts' modality, or null when the task cannot be classified. */
    private Double zeroShot(Heads heads, TestPairs pairs, float[] ya, float[] yb) {
        Prototypes prototypes = prototypesByTask.get(pairs.pair().task());
        if (prototypes == null || pairs.labels() == null || !heads.knows(prototypes.modality(), prototypes.width())) {
            return null;
        }
        float[] classified;
        if (prototypes.modality().equals(pairs.pair().modalityB())) {
            classified = ya;
        } else if (prototypes.modality().equals(pairs.pair().modalityA())) {
            classified = yb;
        } else {
            return null;
        }
        float[] projected =
                heads.embed(prototypes.modality(), prototypes.embeddings(), prototypes.classes(), prototypes.width());
        return ZeroShot.accuracy(
                classified, pairs.rows(), projected, prototypes.classes(), heads.outputWidth(), pairs.labels());
    }
}
