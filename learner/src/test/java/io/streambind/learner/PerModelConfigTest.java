package io.streambind.learner;

import static io.streambind.learner.SyntheticBatches.batch;
import static io.streambind.learner.SyntheticBatches.marker;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.Split;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.HeadsSnapshot;
import io.streambind.learner.process.ProcessingSettings;
import io.streambind.learner.process.StepEvaluator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.<id>.dns.*} settings: several methods side by side in one learner. */
class PerModelConfigTest {
    private static final int D = 6;
    private static final int N = 4;

    @TempDir
    Path stateDir;

    @Test
    void twoModelsWithTheSameBatchesTrainWithTheirOwnMethod() {
        Map<String, String> settings =
                Map.of(DnsConfig.LEARNING_RATE, "0.01", "model.base.dns.method", "vanilla", "model.base.dns.seed", "3");
        ModelConfigs configs = ModelConfigs.parse(settings);
        DnsConfig dnsConfig = DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "0.01"));
        DnsConfig vanillaConfig = DnsConfig.parse(
                Map.of(DnsConfig.LEARNING_RATE, "0.01", DnsConfig.METHOD, "vanilla", DnsConfig.SEED, "3"));
        OfflineReference dns = new OfflineReference(dnsConfig);
        OfflineReference vanilla = new OfflineReference(vanillaConfig);
        ProcessingSettings processing = ProcessingSettings.from(
                new LearnerConfig(Map.of(
                        LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "3",
                        LearnerConfig.MAX_PENDING_PARTS, "8",
                        LearnerConfig.MAX_PARTS_PER_BATCH, "16")),
                configs);
        List<ModelSnapshotChunk> chunks;
        try (LearnerDriver learner = new LearnerDriver(stateDir, processing, StepEvaluator.NONE)) {
            // Few rows per batch at width 6, so the history after step 0 leaves a null space to project into.
            for (int step = 0; step < 2; step++) {
                for (int i = 0; i < 2; i++) {
                    for (String model : List.of("dns", "base")) {
                        EmbeddingBatch train = batch(model, "s" + step + "b" + i, Split.TRAIN, N, D, 10L * step + i);
                        learner.send(model, train);
                        (model.equals("dns") ? dns : vanilla).train(train);
                    }
                }
                learner.send("dns", marker("dns", step));
                learner.send("base", marker("base", step));
                dns.endStep();
                vanilla.endStep();
            }
            chunks = learner.snapshotChunks();
        }
        HeadsSnapshot dnsHeads = lastSnapshot(chunks, "dns");
        HeadsSnapshot vanillaHeads = lastSnapshot(chunks, "base");
        assertThat(dnsHeads.provenance().config())
                .containsEntry(DnsConfig.METHOD, "dns")
                .containsEntry(DnsConfig.LEARNING_RATE, "0.01");
        assertThat(vanillaHeads.provenance().config())
                .containsEntry(DnsConfig.METHOD, "vanilla")
                .containsEntry(DnsConfig.SEED, "3")
                .containsEntry(DnsConfig.LEARNING_RATE, "0.01");
        float[] dnsWeights = dnsHeads.heads().get(SyntheticBatches.TEXT).weights();
        float[] vanillaWeights = vanillaHeads.heads().get(SyntheticBatches.TEXT).weights();
        assertThat(dnsWeights).containsExactly(dns.model().weights(SyntheticBatches.TEXT));
        assertThat(vanillaWeights).containsExactly(vanilla.model().weights(SyntheticBatches.TEXT));
        assertThat(dnsWeights).isNotEqualTo(vanillaWeights);
    }

    @Test
    void aBadPerModelSettingFailsAtStartWithItsFullName() {
        assertThatThrownBy(() -> ModelConfigs.parse(Map.of("model.x.dns.methd", "vanilla")))
                .hasMessageContaining("model.x.")
                .hasMessageContaining("dns.methd");
        assertThatThrownBy(() -> ModelConfigs.parse(Map.of("model.x.method", "vanilla")))
                .hasMessageContaining("model.<modelId>.dns.<key>");
        assertThat(ModelConfigs.parse(Map.of("model.a.b.dns.method", "vanilla"))
                        .forNewModel("a.b")
                        .method()
                        .configName())
                .isEqualTo("vanilla");
    }

    @Test
    void theRelativeInputThresholdIsSetPerModelLikeEveryOtherKey() {
        ModelConfigs configs = ModelConfigs.parse(Map.of(
                DnsConfig.LAMBDA_MIN_RELATIVE,
                "1e-3",
                "model.rel.dns.lambda.min",
                "0",
                "model.rel.dns.lambda.min.relative",
                "0.01",
                "model.off.dns.lambda.min.relative",
                "0"));
        assertThat(configs.forNewModel("rel").lambdaMinRelative()).isEqualTo(0.01);
        assertThat(configs.forNewModel("rel").lambdaMin()).isZero();
        assertThat(configs.forNewModel("off").lambdaMinRelative()).isZero();
        assertThat(configs.forNewModel("other").lambdaMinRelative()).isEqualTo(1e-3);
        assertThat(configs.forNewModel("other").lambdaMin()).isEqualTo(0.01);
        assertThatThrownBy(() -> ModelConfigs.parse(Map.of("model.x.dns.lambda.min.relative", "2")))
                .hasMessageContaining("model.x.")
                .hasMessageContaining("must be in [0, 1)");
    }

    private static HeadsSnapshot lastSnapshot(List<ModelSnapshotChunk> chunks, String modelId) {
        long last = chunks.stream()
                .filter(c -> c.getModelId().equals(modelId))
                .mapToLong(ModelSnapshotChunk::getVersion)
                .max()
                .orElseThrow();
        return LearnerDriver.heads(chunks.stream()
                .filter(c -> c.getModelId().equals(modelId) && c.getVersion() == last)
                .toList());
    }
}
