package io.streambind.learner.process;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.PairSummary;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.StepReport;
import io.streambind.core.loop.ClosedStep;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.Ranks;
import io.streambind.core.model.StepResult;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.metrics.LearnerMetrics.Phase;
import io.streambind.learner.metrics.PhaseTiming;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Closes a model's step at its marker: folds the history and refreshes the bases, evaluates, writes the
 * step-end snapshot and the manifest, and returns the step's report and published version.
 */
final class StepCloser {
    private final ProcessingSettings settings;
    private final LearnerMetrics metrics;
    private final StepEvaluator evaluator;
    private final ModelStore store;
    private final SnapshotTimer snapshots;

    StepCloser(
            ProcessingSettings settings,
            LearnerMetrics metrics,
            StepEvaluator evaluator,
            ModelStore store,
            SnapshotTimer snapshots) {
        this.settings = settings;
        this.metrics = metrics;
        this.evaluator = evaluator;
        this.store = store;
        this.snapshots = snapshots;
    }

    /** The report, then the snapshot chunks of the version published at this step end. */
    List<Record<String, LearnerOutput>> close(ModelSlot slot, SourcePosition marker, long timestamp) {
        Manifest manifest = slot.manifest();
        ContinualModel model = slot.model();
        ClosedStep<StepEvaluation> closed = slot.loop(settings.limits()).endStep((scored, step, trained) -> {
            try (PhaseTiming evaluating = metrics.time(manifest.modelId, Phase.EVALUATE)) {
                return evaluator.evaluate(manifest, step, trained, scored, store);
            }
        });
        StepResult result = closed.result();
        metrics.work(manifest.modelId, Phase.STEP_END, result.durationNanos());
        StepReport report = StepReports.of(manifest.modelId, model, closed, System.currentTimeMillis());
        List<ModelSnapshotChunk> chunks;
        try (PhaseTiming publishing = metrics.time(manifest.modelId, Phase.SNAPSHOT)) {
            Map<String, Long> references = PublishedHeads.references(
                    manifest,
                    closed.trainedModalities(),
                    model.modalities(),
                    timestamp,
                    settings.learner().headsRefreshMs());
            chunks = SnapshotChunks.of(model, manifest, marker, references);
            PublishedHeads.carried(manifest, model.modalities(), references, model.step(), timestamp);
        }
        snapshots.write(slot);
        long forget = result.step() - settings.learner().dedupRetainedSteps();
        if (forget >= 0) {
            store.forgetBatches(manifest.modelId, forget);
        }
        manifest.applied(marker);
        manifest.stepClosed(model.step());
        manifest.samplesSeen = model.samplesSeen();
        store.putManifest(manifest);
        recordMetrics(manifest.modelId, model.step(), result, report);

        List<Record<String, LearnerOutput>> outputs = new ArrayList<>(1 + chunks.size());
        outputs.add(new Record<>(manifest.modelId, new LearnerOutput.Report(report), timestamp));
        for (ModelSnapshotChunk chunk : chunks) {
            outputs.add(new Record<>(manifest.modelId, new LearnerOutput.SnapshotChunk(chunk), timestamp));
        }
        return outputs;
    }

    private void recordMetrics(String modelId, long step, StepResult result, StepReport report) {
        metrics.stepClosed(modelId, step, result.durationNanos());
        for (PairSummary pair : report.getPairs()) {
            metrics.plasticity(
                    modelId, pair.getModalityA() + "-" + pair.getModalityB(), pair.getLossFirst() - pair.getLossLast());
        }
        for (Map.Entry<String, Ranks> ranks : result.ranks().entrySet()) {
            metrics.keptRank(modelId, ranks.getKey(), "right", ranks.getValue().right());
            metrics.keptRank(modelId, ranks.getKey(), "left", ranks.getValue().left());
        }
    }
}
