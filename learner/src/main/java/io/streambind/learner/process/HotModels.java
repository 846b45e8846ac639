package io.streambind.learner.process;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.core.loop.ContinualLoop;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.ModelConfigs;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The models of one stream task kept decoded in memory, least recently used first out. A model
 * not in memory is rebuilt from the store: its last snapshot's sections, then the redo log
 * re-applied in order. Training is deterministic, so the rebuilt model has the same bytes as the
 * one that was dropped (or lost with a crashed instance).
 */
final class HotModels {
    private final ModelStore store;
    private final ModelConfigs configs;
    private final int capacity;
    private final Map<String, ModelSlot> slots = new LinkedHashMap<>(16, 0.75f, true);

    HotModels(ModelStore store, ModelConfigs configs, int capacity) {
        this.store = store;
        this.configs = configs;
        this.capacity = capacity;
    }

    ModelSlot get(String modelId) {
        ModelSlot slot = slots.get(modelId);
        if (slot == null) {
            slot = rebuild(store, configs, modelId);
            slots.put(modelId, slot);
            if (slots.size() > capacity) {
                slots.remove(slots.keySet().iterator().next());
            }
        }
        return slot;
    }

    /** Drops the decoded model, if any: the next record rebuilds it from the store. */
    void evict(String modelId) {
        slots.remove(modelId);
    }

    void clear() {
        slots.clear();
    }

    /** The model as the store describes it: sections of the last snapshot plus the redo log. */
    static ModelSlot rebuild(ModelStore store, ModelConfigs configs, String modelId) {
        Manifest manifest = store.manifest(modelId);
        if (manifest == null) {
            return new ModelSlot(Manifest.fresh(modelId), new ContinualModel(configs.forNewModel(modelId)));
        }
        ContinualModel model = manifest.snapshotWritten
                ? Snapshots.restore(store.sections(modelId))
                : new ContinualModel(configs.forNewModel(modelId));
        for (EmbeddingBatch batch : store.redoLog(modelId)) {
            ContinualLoop.apply(model, Batches.shape(batch));
        }
        return new ModelSlot(manifest, model);
    }
}
