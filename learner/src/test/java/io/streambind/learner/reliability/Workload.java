package io.streambind.learner.reliability;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.OfflineReference;
import io.streambind.learner.SyntheticBatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A deterministic multi-model run: per step, {@code batchesPerStep} TRAIN batches for every model
 * (models interleaved), then one step marker per model. {@link #offline()} applies the same records
 * straight to core models, which is what the learner must end with whatever happens in between.
 */
record Workload(List<String> models, int steps, int batchesPerStep, int rows, int width) {

    /** One record of the batches topic: its key and its payload (batch or marker). */
    record Item(String modelId, Object payload, int step, boolean marker) {}

    List<Item> step(int step) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < batchesPerStep; i++) {
            for (String model : models) {
                items.add(new Item(model, batch(model, step, i), step, false));
            }
        }
        for (String model : models) {
            items.add(new Item(model, SyntheticBatches.marker(model, step), step, true));
        }
        return items;
    }

    List<Item> all() {
        List<Item> items = new ArrayList<>();
        for (int s = 0; s < steps; s++) {
            items.addAll(step(s));
        }
        return items;
    }

    EmbeddingBatch batch(String model, int step, int index) {
        long seed = 1_000_003L * model.hashCode() + 1000L * step + index;
        return SyntheticBatches.batch(model, "s" + step + "-b" + index, Split.TRAIN, rows, width, seed);
    }

    /** Every model trained offline on the same batches and steps, in the same order. */
    Map<String, ContinualModel> offline() {
        Map<String, OfflineReference> references = new LinkedHashMap<>();
        models.forEach(m -> references.put(m, new OfflineReference()));
        for (Item item : all()) {
            if (item.marker()) {
                references.get(item.modelId()).endStep();
            } else {
                references.get(item.modelId()).train((EmbeddingBatch) item.payload());
            }
        }
        Map<String, ContinualModel> models = new LinkedHashMap<>();
        references.forEach((id, reference) -> models.put(id, reference.model()));
        return models;
    }

    long batchesPerModel() {
        return (long) steps * batchesPerStep;
    }

    long samplesPerModel() {
        return batchesPerModel() * rows;
    }
}
