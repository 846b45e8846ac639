package io.streambind.learner.process;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.core.loop.ContinualLoop;
import io.streambind.core.model.BatchProblem;
import io.streambind.core.model.BatchResult;
import io.streambind.core.model.BatchShape;
import io.streambind.core.model.RejectedBatchException;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.metrics.LearnerMetrics.Phase;
import io.streambind.learner.metrics.PhaseTiming;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.SourcePosition;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An embedding batch of an admitted model: dedup, limits and validation, parts joined, then core's
 * {@link ContinualLoop} trains a train batch (with its redo entry) or the first test pairs of its task are
 * kept for evaluation. Dead letters of sibling parts go to {@code emit}; the batch's own problem is thrown.
 */
final class BatchIntake {
    private final ProcessingSettings settings;
    private final LearnerMetrics metrics;
    private final ModelStore store;
    private final PartAssembler assembler;
    private final SnapshotTimer snapshots;
    private final DeadLetters deadLetters;
    private final Consumer<Record<String, LearnerOutput>> emit;

    BatchIntake(
            ProcessingSettings settings,
            LearnerMetrics metrics,
            ModelStore store,
            PartAssembler assembler,
            SnapshotTimer snapshots,
            DeadLetters deadLetters,
            Consumer<Record<String, LearnerOutput>> emit) {
        this.settings = settings;
        this.metrics = metrics;
        this.store = store;
        this.assembler = assembler;
        this.snapshots = snapshots;
        this.deadLetters = deadLetters;
        this.emit = emit;
    }

    void take(ModelSlot slot, EmbeddingBatch batch, Record<byte[], byte[]> record, SourcePosition source)
            throws Rejection {
        Manifest manifest = slot.manifest();
        ContinualLoop loop = slot.loop(settings.limits());
        if (alreadyTaken(manifest, batch.getBatchId())) {
            throw new Rejection(
                    DeadLetterReason.DUPLICATE_BATCH_ID,
                    "batch '" + batch.getBatchId() + "' was already taken by model '" + manifest.modelId + "'");
        }
        BatchShape shape = Batches.shape(batch);
        EmbeddingBatch whole = batch;
        List<PendingPart> siblings = List.of();
        if (batch.getParts() > 1) {
            PartAssembler.Assembled assembled;
            try {
                requireTrainable(loop, shape);
                assembled = assembler.offer(manifest, batch, source, record.value());
            } catch (Rejection rejection) {
                // A repeated part is a producer retry: its siblings stay. Any other problem dooms the batch.
                if (!rejection.reason().equals(DeadLetterReason.DUPLICATE_BATCH_ID)) {
                    deadLetterSiblings(record, assembler.drop(manifest, batch.getBatchId()));
                    store.putManifest(manifest);
                }
                throw rejection;
            }
            store.putManifest(manifest);
            if (assembled == null) {
                return;
            }
            whole = Batches.join(assembled.parts());
            shape = Batches.shape(whole);
            siblings = assembled.siblings();
        } else {
            requireTrainable(loop, shape);
        }
        snapshots.ensureWritten(slot);
        if (whole.getSplit() == Split.TEST) {
            try (PhaseTiming keeping = metrics.time(manifest.modelId, Phase.KEEP)) {
                keepTestPairs(manifest, whole);
            }
        } else {
            try {
                train(slot, loop, whole, shape);
            } catch (RejectedBatchException e) {
                // the model refused the update and is unchanged; the whole batch, every part, is a dead letter
                deadLetterSiblings(record, siblings);
                throw new Rejection(RejectReasons.tag(e.problem().kind()), e.getMessage());
            }
        }
        try (PhaseTiming storing = metrics.time(manifest.modelId, Phase.STORE)) {
            store.markBatch(manifest.modelId, manifest.step, whole.getBatchId());
            manifest.applied(source);
            store.putManifest(manifest);
        }
    }

    private boolean alreadyTaken(Manifest manifest, String batchId) {
        long oldest = Math.max(0, manifest.step - settings.learner().dedupRetainedSteps());
        for (long step = manifest.step; step >= oldest; step--) {
            if (store.batchSeen(manifest.modelId, step, batchId)) {
                return true;
            }
        }
        return false;
    }

    private static void requireTrainable(ContinualLoop loop, BatchShape shape) throws Rejection {
        BatchProblem problem = loop.problem(shape);
        if (problem != null) {
            throw new Rejection(RejectReasons.tag(problem.kind()), problem.message());
        }
    }

    private void deadLetterSiblings(Record<byte[], byte[]> record, List<PendingPart> siblings) {
        for (PendingPart sibling : siblings) {
            emit.accept(deadLetters.of(
                    record.key(),
                    sibling.value(),
                    new RecordHeaders(),
                    record.timestamp(),
                    sibling.source(),
                    new Rejection(
                            DeadLetterReason.SIBLING_PART_REJECTED, "another part of the same batch was rejected")));
        }
    }

    private void train(ModelSlot slot, ContinualLoop loop, EmbeddingBatch batch, BatchShape shape) {
        Manifest manifest = slot.manifest();
        BatchResult result = loop.train(Batches.taskPair(batch), shape);
        metrics.work(manifest.modelId, Phase.TRAIN, result.elapsedNanos());
        try (PhaseTiming storing = metrics.time(manifest.modelId, Phase.STORE)) {
            store.appendRedo(manifest.modelId, manifest.nextRedoSeq++, batch);
        }
        manifest.redoEntries++;
        manifest.samplesSeen = slot.model().samplesSeen();
        String pair = Batches.pairTag(batch);
        metrics.batchTrained(manifest.modelId, pair, batch.getRows(), result.loss(), result.elapsedNanos());
        metrics.projection(
                manifest.modelId,
                pair,
                result.normBeforeProjection(),
                result.normAfterProjection(),
                result.removedShare());
        if (manifest.redoEntries >= settings.learner().snapshotIntervalBatches()) {
            snapshots.write(slot);
        }
    }

    /** Keeps the first test pairs of each task key, up to the evaluation's per-task count. */
    private void keepTestPairs(Manifest manifest, EmbeddingBatch batch) throws Rejection {
        if (batch.getLabels() != null && batch.getLabels().size() != batch.getRows()) {
            throw new Rejection(
                    DeadLetterReason.EMPTY_OR_RAGGED,
                    "test batch has " + batch.getLabels().size() + " labels for " + batch.getRows() + " rows");
        }
        String key = Batches.taskPair(batch).key();
        int[] widths = manifest.testWidths.get(key);
        if (widths != null && (widths[0] != batch.getWidthA() || widths[1] != batch.getWidthB())) {
            throw new Rejection(
                    DeadLetterReason.WIDTH_MISMATCH,
                    "test pairs of '" + key + "' have widths " + batch.getWidthA() + "/" + batch.getWidthB()
                            + " but earlier ones " + widths[0] + "/" + widths[1]);
        }
        int kept = manifest.testRows.getOrDefault(key, 0);
        int room = settings.learner().maxTestPairs() - kept;
        if (room <= 0) {
            return;
        }
        EmbeddingBatch head = Batches.head(batch, room);
        store.appendTest(manifest.modelId, key, kept, head);
        manifest.testRows.put(key, kept + head.getRows());
        manifest.testWidths.put(key, new int[] {batch.getWidthA(), batch.getWidthB()});
    }
}
