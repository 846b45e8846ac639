package io.streambind.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.core.config.DnsConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dns.precision=float64} through the Kafka processor: the stored state equals offline training bit for bit. */
class Float64StreamTest {
    private static final String MODEL = "wide";

    @TempDir
    Path stateDir;

    @Test
    void streamAndOfflineTrainingAgreeBitForBit() {
        Map<String, String> settings = Map.of(
                DnsConfig.PRECISION,
                "float64",
                DnsConfig.LEARNING_RATE,
                "0.01",
                LearnerConfig.SNAPSHOT_INTERVAL_BATCHES,
                "1");
        OfflineReference offline = new OfflineReference(DnsConfig.parse(settings));
        try (LearnerDriver learner = LearnerDriver.fromSettings(stateDir, settings)) {
            for (int step = 0; step < 3; step++) {
                for (int i = 0; i < 3; i++) {
                    EmbeddingBatch batch =
                            SyntheticBatches.batch(MODEL, "s" + step + "b" + i, Split.TRAIN, 8, 12, 100L * step + i);
                    learner.send(MODEL, batch);
                    offline.train(batch);
                }
                learner.send(MODEL, SyntheticBatches.marker(MODEL, step));
                offline.endStep();
            }
            // a batch into the open step: Adam moments and step sums in float64 are stored too
            EmbeddingBatch open = SyntheticBatches.batch(MODEL, "s3b0", Split.TRAIN, 8, 12, 300L);
            learner.send(MODEL, open);
            offline.train(open);

            assertThat(offline.model().config().precision().configName()).isEqualTo("float64");
            assertThat(learner.storedModel(MODEL).toBytes())
                    .isEqualTo(offline.model().toBytes());
            assertThat(learner.reports()).hasSize(3);
        }
    }
}
