package io.streambind.learner.state;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The learner's view of its state stores for one stream task: everything needed to rebuild a
 * model (manifest, snapshot sections, redo log), duplicate detection, pending parts and evaluation
 * data. Every write goes through the stores' changelogs, so under exactly-once it commits together
 * with the input offsets and output records of the same transaction.
 */
public final class ModelStore {
    /** Section entry of the model's meta bytes; modality sections are prefixed so no name collides with it. */
    public static final String META_SECTION = "#meta";

    private static final String MODALITY_SECTION_PREFIX = "m:";
    private static final String TEST_ENTRY = "T";
    private static final String PROMPTS_ENTRY = "P";
    private static final String EVAL_HISTORY_ENTRY = "H";
    private static final String STABILITY_REFERENCE_ENTRY = "S";

    private final StagedStore manifests;
    private final ChunkedEntries sections;
    private final ChunkedEntries redoLog;
    private final StagedStore batchIds;
    private final ChunkedEntries pendingParts;
    private final ChunkedEntries evalData;
    private final StagedStore sectionStore;
    private final List<StagedStore> stores;
    private final SnapshotWrites snapshotWrites;
    private long bytesWritten;

    public ModelStore(ProcessorContext<?, ?> context, SnapshotWrites snapshotWrites) {
        this.snapshotWrites = snapshotWrites;
        manifests = staged(context, StoreNames.MANIFESTS);
        batchIds = staged(context, StoreNames.BATCH_IDS);
        sectionStore = staged(context, StoreNames.SECTIONS);
        StagedStore redoStore = staged(context, StoreNames.REDO_LOG);
        StagedStore partStore = staged(context, StoreNames.PENDING_PARTS);
        StagedStore evalStore = staged(context, StoreNames.EVAL_DATA);
        sections = new ChunkedEntries(sectionStore);
        redoLog = new ChunkedEntries(redoStore);
        pendingParts = new ChunkedEntries(partStore);
        evalData = new ChunkedEntries(evalStore);
        stores = List.of(manifests, batchIds, sectionStore, redoStore, partStore, evalStore);
    }

    private static StagedStore staged(ProcessorContext<?, ?> context, String name) {
        KeyValueStore<String, byte[]> store = context.getStateStore(name);
        return new StagedStore(store);
    }

    /**
     * Applies every write since the last commit or discard: the processor calls it once a record has been
     * handled, so each record's writes land together or not at all.
     */
    public void commit() {
        Set<String> snapshotted = modelsOf(sectionStore.stagedKeys());
        if (snapshotted.isEmpty()) {
            stores.forEach(StagedStore::commit);
            return;
        }
        snapshotWrites.begin(snapshotted);
        try {
            stores.forEach(StagedStore::commit);
        } finally {
            snapshotWrites.end(snapshotted);
        }
    }

    private static Set<String> modelsOf(Set<String> sectionKeys) {
        if (sectionKeys.isEmpty()) {
            return Set.of();
        }
        Set<String> models = new TreeSet<>();
        for (String key : sectionKeys) {
            models.add(StoreKeys.firstField(key));
        }
        return models;
    }

    /** Drops every write since the last commit: the record that made them failed. */
    public void discard() {
        stores.forEach(StagedStore::discard);
    }

    /** Bytes (keys + values) this task has written to its model stores so far, for the changelog figures. */
    public long bytesWritten() {
        return bytesWritten;
    }

    public Manifest manifest(String modelId) {
        byte[] json = manifests.get(modelId);
        return json == null ? null : Manifest.fromJson(json);
    }

    /** Ids of every model this task's store holds. */
    public List<String> modelIds() {
        List<String> ids = new ArrayList<>();
        try (var it = manifests.all()) {
            it.forEachRemaining(kv -> ids.add(kv.key));
        }
        return ids;
    }

    public boolean hasModel(String modelId) {
        return manifests.get(modelId) != null;
    }

    public void putManifest(Manifest manifest) {
        byte[] json = manifest.toJson();
        manifests.put(manifest.modelId, json);
        bytesWritten += manifest.modelId.length() + json.length;
    }

    public static String modalitySection(String modality) {
        return MODALITY_SECTION_PREFIX + modality;
    }

    public void putSection(String modelId, String section, byte[] bytes) {
        bytesWritten += sections.put(StoreKeys.of(modelId, section), bytes);
    }

    /** Every section of the model's last snapshot by section name ({@link #META_SECTION} included). */
    public Map<String, byte[]> sections(String modelId) {
        return withoutModelPrefix(sections.entries(StoreKeys.prefix(modelId)));
    }

    /** The same from a read-only view of the sections store (interactive queries). */
    public static Map<String, byte[]> sections(ReadOnlyKeyValueStore<String, byte[]> sectionStore, String modelId) {
        return withoutModelPrefix(ChunkedEntries.entries(sectionStore, StoreKeys.prefix(modelId)));
    }

    public void appendRedo(String modelId, long seq, EmbeddingBatch batch) {
        bytesWritten += redoLog.put(StoreKeys.of(modelId, StoreKeys.number(seq)), encode(batch));
    }

    /** Redo entries since the last snapshot, in the order they were applied. */
    public List<EmbeddingBatch> redoLog(String modelId) {
        List<EmbeddingBatch> batches = new ArrayList<>();
        for (byte[] bytes : redoLog.entries(StoreKeys.prefix(modelId)).values()) {
            batches.add(decodeBatch(bytes));
        }
        return batches;
    }

    public void clearRedo(String modelId) {
        redoLog.deletePrefix(StoreKeys.prefix(modelId));
    }

    public boolean batchSeen(String modelId, long step, String batchId) {
        return batchIds.get(StoreKeys.of(modelId, StoreKeys.number(step), batchId)) != null;
    }

    public void markBatch(String modelId, long step, String batchId) {
        String key = StoreKeys.of(modelId, StoreKeys.number(step), batchId);
        batchIds.put(key, new byte[0]);
        bytesWritten += key.length();
    }

    /** Forgets the batch ids of one step. */
    public void forgetBatches(String modelId, long step) {
        List<String> keys = new ArrayList<>();
        try (var it = batchIds.prefixScan(StoreKeys.prefix(modelId, StoreKeys.number(step)), new StringSerializer())) {
            it.forEachRemaining(kv -> keys.add(kv.key));
        }
        keys.forEach(batchIds::delete);
    }

    public void putPendingPart(String modelId, String batchId, int part, byte[] bytes) {
        bytesWritten += pendingParts.put(StoreKeys.of(modelId, batchId, StoreKeys.index(part)), bytes);
    }

    /** Pending parts of one batch by part index. */
    public Map<Integer, byte[]> pendingParts(String modelId, String batchId) {
        Map<Integer, byte[]> parts = new LinkedHashMap<>();
        pendingParts
                .entries(StoreKeys.prefix(modelId, batchId))
                .forEach((key, bytes) -> parts.put(Integer.parseInt(StoreKeys.lastField(key), 16), bytes));
        return parts;
    }

    /** Every pending part of the model, by entry key (model NUL batchId NUL part). */
    public Map<String, byte[]> allPendingParts(String modelId) {
        return pendingParts.entries(StoreKeys.prefix(modelId));
    }

    public void deletePendingParts(String modelId, String batchId) {
        pendingParts.deletePrefix(StoreKeys.prefix(modelId, batchId));
    }

    public void deleteAllPendingParts(String modelId) {
        pendingParts.deletePrefix(StoreKeys.prefix(modelId));
    }

    /** Keeps test rows of a task key ({@code TaskPair.key()}); {@code seq} orders them within the task. */
    public void appendTest(String modelId, String taskKey, long seq, EmbeddingBatch batch) {
        bytesWritten += evalData.put(StoreKeys.of(modelId, TEST_ENTRY, taskKey, StoreKeys.number(seq)), encode(batch));
    }

    /** Test batches of one task key kept from row {@code fromRow} on, in arrival order. */
    public List<EmbeddingBatch> testBatches(String modelId, String taskKey, long fromRow) {
        List<EmbeddingBatch> batches = new ArrayList<>();
        evalData.entries(StoreKeys.prefix(modelId, TEST_ENTRY, taskKey)).forEach((key, bytes) -> {
            if (Long.parseLong(StoreKeys.lastField(key), 16) >= fromRow) {
                batches.add(decodeBatch(bytes));
            }
        });
        return batches;
    }

    /** The model's evaluation history (JSON written by the evaluator); null before the first evaluation. */
    public byte[] evaluationHistory(String modelId) {
        return evalData.get(StoreKeys.of(modelId, EVAL_HISTORY_ENTRY));
    }

    public void putEvaluationHistory(String modelId, byte[] json) {
        bytesWritten += evalData.put(StoreKeys.of(modelId, EVAL_HISTORY_ENTRY), json);
    }

    /** Score matrix the next step's stability deviation compares against (float32 bytes); null when none. */
    public byte[] stabilityReference(String modelId) {
        return evalData.get(StoreKeys.of(modelId, STABILITY_REFERENCE_ENTRY));
    }

    /** Replaces the reference; null deletes it. */
    public void putStabilityReference(String modelId, byte[] scores) {
        String key = StoreKeys.of(modelId, STABILITY_REFERENCE_ENTRY);
        if (scores == null) {
            evalData.delete(key);
        } else {
            bytesWritten += evalData.put(key, scores);
        }
    }

    /** Keeps one record of class prompts; a task's prompts may arrive as several records of contiguous labels. */
    public void putPrompts(String modelId, ClassPrompts prompts) {
        try {
            byte[] bytes = remaining(ClassPrompts.getEncoder().encode(prompts));
            String key =
                    StoreKeys.of(modelId, PROMPTS_ENTRY, prompts.getTask(), StoreKeys.index(prompts.getFirstClass()));
            bytesWritten += evalData.put(key, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Class prompts by task, joined from their records; a task whose records do not yet cover every class is left out. */
    public Map<String, ClassPrompts> prompts(String modelId) {
        Map<String, List<ClassPrompts>> parts = new LinkedHashMap<>();
        evalData.entries(StoreKeys.prefix(modelId, PROMPTS_ENTRY)).forEach((key, bytes) -> {
            try {
                ClassPrompts prompts = ClassPrompts.getDecoder().decode(bytes);
                parts.computeIfAbsent(prompts.getTask(), t -> new ArrayList<>()).add(prompts);
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt class prompts in the state store", e);
            }
        });
        Map<String, ClassPrompts> byTask = new LinkedHashMap<>();
        parts.forEach((task, records) -> {
            ClassPrompts whole = PromptParts.join(records);
            if (whole != null) {
                byTask.put(task, whole);
            }
        });
        return byTask;
    }

    static Map<String, byte[]> withoutModelPrefix(Map<String, byte[]> entries) {
        Map<String, byte[]> byField = new LinkedHashMap<>();
        entries.forEach((key, bytes) -> byField.put(StoreKeys.lastField(key), bytes));
        return byField;
    }

    /** Avro single-object encoding: the stores hold no registry ids, so restore needs no registry. */
    static byte[] encode(EmbeddingBatch batch) {
        try {
            return remaining(EmbeddingBatch.getEncoder().encode(batch));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    static EmbeddingBatch decodeBatch(byte[] bytes) {
        try {
            return EmbeddingBatch.getDecoder().decode(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt batch in the state store", e);
        }
    }
}
