package io.streambind.learner.process;

import io.streambind.avro.ModalityRanks;
import io.streambind.avro.PairSummary;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.StepReport;
import io.streambind.core.loop.ClosedStep;
import io.streambind.core.loop.PairProgress;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.Ranks;
import io.streambind.core.model.StepResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Builds the {@code streambind.reports} record of a closed step. */
final class StepReports {
    private StepReports() {}

    static StepReport of(String modelId, ContinualModel model, ClosedStep<StepEvaluation> closed, long closedAtMillis) {
        StepResult result = closed.result();
        List<PairSummary> pairs = new ArrayList<>();
        for (PairProgress pair : closed.pairs()) {
            pairs.add(PairSummary.newBuilder()
                    .setModalityA(pair.modalityA())
                    .setModalityB(pair.modalityB())
                    .setTasks(pair.tasks())
                    .setBatches(pair.batches())
                    .setSamples(pair.samples())
                    .setLossFirst(pair.lossFirst())
                    .setLossLast(pair.lossLast())
                    .setLossMean(pair.lossMean())
                    .build());
        }
        List<ModalityRanks> ranks = new ArrayList<>();
        for (Map.Entry<String, Ranks> entry : result.ranks().entrySet()) {
            ranks.add(ModalityRanks.newBuilder()
                    .setModality(entry.getKey())
                    .setRight(entry.getValue().right())
                    .setLeft(entry.getValue().left())
                    .setInputWidth(model.inputWidth(entry.getKey()))
                    .build());
        }
        return StepReport.newBuilder()
                .setModelId(modelId)
                .setStep(result.step())
                .setNoop(result.noOp())
                .setPairs(pairs)
                .setKeptRanks(ranks)
                .setSamplesSeen(model.samplesSeen())
                .setStepEndMillis(result.durationNanos() / 1e6)
                .setEvaluation(closed.figures())
                .setClosedAtMillis(closedAtMillis)
                .build();
    }
}
