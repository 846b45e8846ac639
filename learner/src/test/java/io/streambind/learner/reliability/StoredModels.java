package io.streambind.learner.reliability;

import io.streambind.core.model.ContinualModel;
import io.streambind.learner.process.Snapshots;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.StoreNames;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Models as a running learner's local state stores hold them, read through interactive queries. */
final class StoredModels {
    private StoredModels() {}

    static ReadOnlyKeyValueStore<String, byte[]> store(KafkaStreams streams, String name) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    /** The manifest of a model held by this instance, null when it holds none (or is not queryable yet). */
    static Manifest manifest(KafkaStreams streams, String modelId) {
        try {
            byte[] json = store(streams, StoreNames.MANIFESTS).get(modelId);
            return json == null ? null : Manifest.fromJson(json);
        } catch (RuntimeException notQueryable) {
            return null;
        }
    }

    /**
     * Waits until every model has closed {@code steps} steps in this instance's stores and returns
     * them rebuilt from their snapshot sections (a step end always writes a snapshot).
     */
    static Map<String, ContinualModel> awaitSteps(
            KafkaStreams streams, List<String> models, long steps, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (streams.state() == KafkaStreams.State.RUNNING
                    && models.stream().allMatch(m -> {
                        Manifest manifest = manifest(streams, m);
                        return manifest != null && manifest.step >= steps;
                    })) {
                Map<String, ContinualModel> restored = new LinkedHashMap<>();
                for (String model : models) {
                    restored.put(
                            model, Snapshots.restore(ModelStore.sections(store(streams, StoreNames.SECTIONS), model)));
                }
                return restored;
            }
            Thread.sleep(200);
        }
        StringBuilder where = new StringBuilder();
        models.forEach(m -> where.append(m)
                .append('=')
                .append(describe(manifest(streams, m)))
                .append(' '));
        throw new AssertionError(
                "models did not reach step " + steps + " in time (state " + streams.state() + "): " + where);
    }

    private static String describe(Manifest manifest) {
        return manifest == null ? "absent" : "step " + manifest.step;
    }
}
