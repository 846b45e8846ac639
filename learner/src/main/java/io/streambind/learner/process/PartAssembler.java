package io.streambind.learner.process;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.StreamRecord;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reassembles batches split into parts. Parts wait in a changelogged store (a crash between two
 * parts must not lose the first one once its offset is committed), bounded per model by
 * {@code learner.parts.max.pending}; incomplete batches are flushed to the DLQ at the next step marker.
 */
final class PartAssembler {
    private final ModelStore store;
    private final Deserializer<StreamRecord> deserializer;
    private final int maxPendingParts;
    private final int maxPartsPerBatch;
    private final int maxBatchRows;

    /** A batch whose last part arrived: every part in order, and the pending parts it was joined from. */
    record Assembled(List<EmbeddingBatch> parts, List<PendingPart> siblings) {}

    PartAssembler(
            ModelStore store,
            Deserializer<StreamRecord> deserializer,
            int maxPendingParts,
            int maxPartsPerBatch,
            int maxBatchRows) {
        this.store = store;
        this.deserializer = deserializer;
        this.maxPendingParts = maxPendingParts;
        this.maxPartsPerBatch = maxPartsPerBatch;
        this.maxBatchRows = maxBatchRows;
    }

    /** Checks the part fields of any batch, split or not. */
    void checkPartFields(EmbeddingBatch batch) throws Rejection {
        int parts = batch.getParts();
        if (parts < 1 || parts > maxPartsPerBatch || batch.getPart() < 0 || batch.getPart() >= parts) {
            throw new Rejection(
                    DeadLetterReason.INVALID_PARTS,
                    "part " + batch.getPart() + " of " + parts + " is out of range (parts 1.." + maxPartsPerBatch
                            + ")");
        }
    }

    /**
     * Buffers one part of a split batch; returns the whole batch once the last part arrived, null while
     * some are missing. A part that takes the parts so far beyond {@code learner.batch.max.rows} is refused.
     */
    Assembled offer(Manifest manifest, EmbeddingBatch part, SourcePosition source, byte[] value) throws Rejection {
        String modelId = manifest.modelId;
        String batchId = part.getBatchId();
        Map<Integer, byte[]> pending = store.pendingParts(modelId, batchId);
        if (pending.containsKey(part.getPart())) {
            throw new Rejection(
                    DeadLetterReason.DUPLICATE_BATCH_ID,
                    "part " + part.getPart() + " of batch '" + batchId + "' arrived twice");
        }
        List<EmbeddingBatch> parts = new ArrayList<>(part.getParts());
        for (int i = 0; i < part.getParts(); i++) {
            parts.add(null);
        }
        parts.set(part.getPart(), part);
        List<PendingPart> siblings = new ArrayList<>(pending.size());
        long rows = part.getRows();
        for (Map.Entry<Integer, byte[]> entry : pending.entrySet()) {
            PendingPart stored = PendingPart.decode(entry.getValue());
            EmbeddingBatch sibling = decode(stored);
            requireSameBatch(sibling, part);
            parts.set(entry.getKey(), sibling);
            siblings.add(stored);
            rows += sibling.getRows();
        }
        if (rows > maxBatchRows) {
            throw new Rejection(
                    DeadLetterReason.BATCH_TOO_LARGE,
                    "the parts of batch '" + batchId + "' so far hold " + rows + " rows, more than the " + maxBatchRows
                            + " one training iteration takes");
        }
        if (pending.size() + 1 == part.getParts()) {
            store.deletePendingParts(modelId, batchId);
            manifest.pendingParts -= pending.size();
            return new Assembled(parts, siblings);
        }
        if (manifest.pendingParts >= maxPendingParts) {
            throw new Rejection(
                    DeadLetterReason.PART_BUFFER_FULL,
                    manifest.pendingParts + " parts already wait for their siblings (learner.parts.max.pending)");
        }
        store.putPendingPart(modelId, batchId, part.getPart(), new PendingPart(source, value).encode());
        manifest.pendingParts++;
        return null;
    }

    /** Removes and returns the buffered parts of one batch (their batch was rejected). */
    List<PendingPart> drop(Manifest manifest, String batchId) {
        List<PendingPart> dropped = new ArrayList<>();
        store.pendingParts(manifest.modelId, batchId).values().forEach(bytes -> dropped.add(PendingPart.decode(bytes)));
        store.deletePendingParts(manifest.modelId, batchId);
        manifest.pendingParts -= dropped.size();
        return dropped;
    }

    /** Removes and returns every buffered part of the model. */
    List<PendingPart> dropAll(Manifest manifest) {
        List<PendingPart> dropped = new ArrayList<>();
        store.allPendingParts(manifest.modelId).values().forEach(bytes -> dropped.add(PendingPart.decode(bytes)));
        store.deleteAllPendingParts(manifest.modelId);
        manifest.pendingParts = 0;
        return dropped;
    }

    private EmbeddingBatch decode(PendingPart pending) {
        // These bytes decoded once already, when the part arrived; the registry client caches the schema.
        StreamRecord record = deserializer.deserialize(pending.source().topic(), new RecordHeaders(), pending.value());
        return (EmbeddingBatch) record.getPayload();
    }

    private static void requireSameBatch(EmbeddingBatch sibling, EmbeddingBatch part) throws Rejection {
        boolean same = sibling.getParts() == part.getParts()
                && sibling.getSplit() == part.getSplit()
                && Objects.equals(sibling.getTask(), part.getTask())
                && Objects.equals(sibling.getModalityA(), part.getModalityA())
                && Objects.equals(sibling.getModalityB(), part.getModalityB())
                && sibling.getWidthA() == part.getWidthA()
                && sibling.getWidthB() == part.getWidthB()
                && (sibling.getLabels() == null) == (part.getLabels() == null);
        if (!same) {
            throw new Rejection(
                    DeadLetterReason.INVALID_PARTS,
                    "part " + part.getPart() + " of batch '" + part.getBatchId()
                            + "' disagrees with its siblings (parts, split, task, modalities, widths or labels)");
        }
    }
}
