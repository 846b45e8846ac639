package io.streambind.learner.reliability;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.learner.SyntheticBatches;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A workload's valid records with bad ones interleaved: after every valid batch, {@code badPerBatch}
 * bad records for the same model; per model and step one valid set of class prompts for a trained
 * modality and one for a modality without a head yet (accepted: prompts may precede their dataset's
 * first batch). Sends them in order and remembers the bad ones for the DLQ check.
 */
final class FuzzRun {
    final Workload workload;
    final List<BadRecords.Bad> bad = new ArrayList<>();
    final Map<BadRecords.Kind, Integer> byKind = new EnumMap<>(BadRecords.Kind.class);
    int validRecords;

    FuzzRun(Workload workload) {
        this.workload = workload;
    }

    void send(BadRecords generator, int badPerBatch, BiConsumer<byte[], byte[]> sink) {
        for (int step = 0; step < workload.steps(); step++) {
            for (Workload.Item item : workload.step(step)) {
                byte[] key = item.modelId().getBytes(StandardCharsets.UTF_8);
                sink.accept(key, generator.encode(item.payload()));
                validRecords++;
                if (item.marker()) {
                    continue;
                }
                EmbeddingBatch taken = (EmbeddingBatch) item.payload();
                if (taken.getBatchId().endsWith("-b0")) {
                    sink.accept(
                            key,
                            generator.encode(SyntheticBatches.prompts(
                                    item.modelId(), SyntheticBatches.TEXT, 4, workload.width(), step)));
                    sink.accept(
                            key,
                            generator.encode(
                                    SyntheticBatches.prompts(item.modelId(), "audio", 4, workload.width() / 2, step)));
                    validRecords += 2;
                }
                for (int i = 0; i < badPerBatch; i++) {
                    BadRecords.Bad record = generator.next(item.modelId(), step, taken, workload.width());
                    sink.accept(record.key(), record.value());
                    bad.add(record);
                    byKind.merge(record.kind(), 1, Integer::sum);
                }
            }
        }
    }
}
