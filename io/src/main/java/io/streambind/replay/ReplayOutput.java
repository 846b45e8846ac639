package io.streambind.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streambind.core.eval.ContinualMatrix;
import io.streambind.core.eval.StepFigures;
import io.streambind.core.eval.TaskFigures;
import io.streambind.core.loop.ClosedStep;
import io.streambind.core.loop.PairProgress;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.Ranks;
import io.streambind.io.FloatRows;
import io.streambind.io.NpyWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a replay's outputs: {@code <modality>.W.npy} (float32 d_out x d_m) and {@code <modality>.b.npy}
 * (float32 d_out) per modality, and {@code metrics.json}. Everything except the {@code timing} object
 * depends only on the input stream and the config, so two replays compare byte for byte.
 */
public final class ReplayOutput {
    public static final String METRICS_FILE = "metrics.json";
    public static final String TIMING = "timing";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReplayOutput() {}

    public static void write(ReplayResult result, Path input, Path out) throws IOException {
        Files.createDirectories(out);
        ContinualModel model = result.model();
        for (String modality : model.modalities()) {
            NpyWriter.writeMatrix(
                    out.resolve(modality + ".W.npy"),
                    new FloatRows(model.outputWidth(), model.inputWidth(modality), model.weights(modality)));
            NpyWriter.writeVector(out.resolve(modality + ".b.npy"), model.bias(modality));
        }
        Files.writeString(out.resolve(METRICS_FILE), MAPPER.writeValueAsString(metrics(result, input)) + "\n");
    }

    static ObjectNode metrics(ReplayResult result, Path input) {
        ContinualModel model = result.model();
        ObjectNode root = MAPPER.createObjectNode();
        root.put(
                "input",
                input.getFileName() == null
                        ? input.toString()
                        : input.getFileName().toString());
        ObjectNode config = root.putObject("config");
        model.config().toMap().forEach(config::put);
        root.put("stepsClosed", result.steps().size());
        root.put("trainPairs", result.trainPairs());
        root.put("openStepBatches", result.openStepBatches());
        ObjectNode lastLosses = root.putObject("lastLosses");
        for (ClosedStep<StepFigures> step : result.steps()) {
            for (PairProgress pair : step.pairs()) {
                lastLosses.put(pair.modalityA() + "-" + pair.modalityB(), pair.lossLast());
            }
        }
        root.set("ranks", ranks(model));
        ObjectNode summary = root.putObject("summary");
        ContinualMatrix r1 = result.evaluator().recall1Matrix();
        ContinualMatrix r10 = result.evaluator().recall10Matrix();
        ContinualMatrix accuracy = result.evaluator().accuracyMatrix();
        putNullable(summary, "bwtR1", r1.backwardTransfer());
        putNullable(summary, "bwtR10", r10.backwardTransfer());
        putNullable(summary, "bwtAccuracy", accuracy.backwardTransfer());
        putNullable(summary, "meanR1", r1.lastRowMean());
        putNullable(summary, "meanR10", r10.lastRowMean());
        putNullable(summary, "meanAccuracy", accuracy.lastRowMean());
        double stability = result.meanStabilityDeviation();
        putNullable(summary, "meanStabilityDeviation", Double.isNaN(stability) ? null : stability);
        root.set("r1Matrix", matrix(r1));
        root.set("r10Matrix", matrix(r10));
        root.set("accuracyMatrix", matrix(accuracy));
        ArrayNode steps = root.putArray("steps");
        result.steps().forEach(step -> steps.add(step(step)));
        ObjectNode timing = root.putObject(TIMING);
        timing.put("wallSeconds", result.wallNanos() / 1e9);
        timing.put("trainSeconds", result.trainNanos() / 1e9);
        timing.put("trainPairsPerSecond", result.pairsPerSecond());
        ArrayNode stepEnd = timing.putArray("stepEndMillis");
        result.steps().forEach(step -> stepEnd.add(step.result().durationNanos() / 1e6));
        return root;
    }

    private static ObjectNode ranks(ContinualModel model) {
        ObjectNode ranks = MAPPER.createObjectNode();
        for (String modality : model.modalities()) {
            Ranks r = model.ranks(modality);
            ranks.putObject(modality)
                    .put("right", r.right())
                    .put("left", r.left())
                    .put("inputWidth", model.inputWidth(modality));
        }
        return ranks;
    }

    private static ObjectNode step(ClosedStep<StepFigures> record) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("step", record.result().step());
        node.put("noop", record.result().noOp());
        ArrayNode pairs = node.putArray("pairs");
        for (PairProgress pair : record.pairs()) {
            ObjectNode p = pairs.addObject().put("modalityA", pair.modalityA()).put("modalityB", pair.modalityB());
            pair.tasks().forEach(p.putArray("tasks")::add);
            p.put("batches", pair.batches())
                    .put("samples", pair.samples())
                    .put("lossFirst", pair.lossFirst())
                    .put("lossLast", pair.lossLast())
                    .put("lossMean", pair.lossMean());
        }
        ObjectNode ranks = node.putObject("keptRanks");
        record.result()
                .ranks()
                .forEach((modality, r) ->
                        ranks.putObject(modality).put("right", r.right()).put("left", r.left()));
        StepFigures figures = record.figures();
        ObjectNode evaluation = node.putObject("evaluation");
        ArrayNode tasks = evaluation.putArray("tasks");
        for (TaskFigures task : figures.tasks()) {
            ObjectNode t = tasks.addObject()
                    .put("task", task.pair().task())
                    .put("modalityA", task.pair().modalityA())
                    .put("modalityB", task.pair().modalityB())
                    .put("testPairs", task.testPairs());
            putArray(t, "recallAB", task.recall().ab());
            putArray(t, "recallBA", task.recall().ba());
            putArray(t, "recall", task.recall().mean());
            putNullable(t, "zeroShotAccuracy", task.zeroShotAccuracy());
        }
        evaluation.put("stabilityTask", figures.stabilityTask());
        putNullable(evaluation, "stabilityDeviation", figures.stabilityDeviation());
        putNullable(evaluation, "bwtR10", figures.bwtR10());
        putNullable(evaluation, "bwtAccuracy", figures.bwtAccuracy());
        putNullable(evaluation, "meanR10", figures.meanR10());
        putNullable(evaluation, "meanAccuracy", figures.meanAccuracy());
        return node;
    }

    /** Steps as rows, tasks as columns; null where a task was not evaluated (JSON has no NaN). */
    private static ObjectNode matrix(ContinualMatrix matrix) {
        ObjectNode node = MAPPER.createObjectNode();
        matrix.steps().forEach(node.putArray("steps")::add);
        List<String> columns = matrix.columns();
        columns.forEach(node.putArray("tasks")::add);
        ArrayNode rows = node.putArray("values");
        for (double[] row : matrix.toArray()) {
            ArrayNode r = rows.addArray();
            for (double v : row) {
                if (Double.isNaN(v)) {
                    r.addNull();
                } else {
                    r.add(v);
                }
            }
        }
        return node;
    }

    private static void putArray(ObjectNode node, String field, double[] values) {
        ArrayNode array = node.putArray(field);
        for (double v : values) {
            array.add(v);
        }
    }

    private static void putNullable(ObjectNode node, String field, Double value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
