package io.streambind.learner.process;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ContinualModel;
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
    private final DnsConfig newModelConfig;
    private final int capacity;
    private final Map<String, ModelSlot> slots = new LinkedHashMap<>(16, 0.75f, true);

    HotModels(ModelStore store, DnsConfig newModelConfig, int capacity) {
        this.store = store;
        this.newModelConfig = newModelConfig;
        this.capacity = capacity;
    }

    ModelSlot get(String modelId) {
        ModelSlot slot = slots.get(modelId);
        if (slot == null) {
            slot = rebuild(store, newModelConfig, modelId);
            slots.put(modelId, slot);
            if (slots.size() > capacity) {
                slots.remove(slots.keySet().iterator().next());
            }
        }
        return slot;
    }

    void clear() {
        slots.clear();
    }

    /** The model as the store describes it: sections of the last snapshot plus the redo log. */
    static ModelSlot rebuild(ModelStore store, DnsConfig newModelConfig, String modelId) {
        Manifest manifest = store.manifest(modelId);
        if (manifest == null) {
            return new ModelSlot(Manifest.fresh(modelId), new ContinualModel(newModelConfig));
        }
        ContinualModel model = manifest.snapshotWritten
                ? Snapshots.restore(store.sections(modelId))
                : new ContinualModel(newModelConfig);
        for (EmbeddingBatch batch : store.redoLog(modelId)) {
            Training.train(model, Batches.shape(batch));
        }
        return new ModelSlot(manifest, model);
    }
}
