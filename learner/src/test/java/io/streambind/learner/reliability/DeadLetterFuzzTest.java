package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.model.ContinualModel;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.LearnerDriver;
import io.streambind.schemas.topics.DeadLetter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of seeded bad records (every {@link BadRecords.Kind}) interleaved with a valid two-model
 * run, through the real topology and wire serde: the learner never throws, each bad record comes
 * out on the DLQ unchanged with a reason header, and the models end bit-identical to offline
 * training on the valid records alone.
 */
class DeadLetterFuzzTest {
    private static final long SEED = 7L;

    @TempDir
    Path stateDir;

    @Test
    void everyBadRecordIsDeadLetteredAndTheStateIsThatOfTheValidRecordsAlone() {
        Workload workload = new Workload(List.of("fa", "fb"), 10, 3, 8, 16);
        FuzzRun run = new FuzzRun(workload);
        long begin = System.nanoTime();
        Map<String, String> settings =
                new HashMap<>(BadRecords.limitSettings(workload.models().size()));
        settings.put(LearnerConfig.SNAPSHOT_INTERVAL_BATCHES, "4");
        try (LearnerDriver learner = LearnerDriver.fromSettings(stateDir, settings)) {
            BadRecords generator = new BadRecords(
                    SEED,
                    learner.topics.batches().name(),
                    learner.topics.batches().valueSerde().serializer(),
                    learner.topics.batches().valueSerde().deserializer());
            run.send(generator, 50, learner::sendRaw);

            List<TestRecord<byte[], byte[]>> dead = learner.deadLetters();
            Map<String, Integer> byReason = assertDeadLettered(run.bad, dead);
            assertThat(learner.reports()).hasSize(workload.models().size() * workload.steps());
            Map<String, ContinualModel> models = new LinkedHashMap<>();
            workload.models().forEach(m -> models.put(m, learner.storedModel(m)));
            Outcomes.assertSameState(models, workload);

            double seconds = (System.nanoTime() - begin) / 1e9;
            System.out.printf(
                    "fuzz (TopologyTestDriver): %d bad records of %d kinds among %d valid, %.1f s (%.0f records/s),"
                            + " %d flipped-bit draws redrawn; by kind %s; by DLQ reason %s%n",
                    run.bad.size(),
                    run.byKind.size(),
                    run.validRecords,
                    seconds,
                    (run.bad.size() + run.validRecords) / seconds,
                    generator.flipRedraws(),
                    run.byKind,
                    byReason);
            assertThat(run.bad.size()).isGreaterThanOrEqualTo(3000);
            assertThat(run.byKind.keySet()).containsExactlyInAnyOrderElementsOf(BadRecords.kinds());
        }
    }

    /** Dead letters in order, one per bad record, original bytes kept, reason as expected; counts by reason. */
    static Map<String, Integer> assertDeadLettered(List<BadRecords.Bad> bad, List<TestRecord<byte[], byte[]>> dead) {
        assertThat(dead).hasSize(bad.size());
        Map<String, Integer> byReason = new TreeMap<>();
        for (int i = 0; i < bad.size(); i++) {
            BadRecords.Bad expected = bad.get(i);
            TestRecord<byte[], byte[]> letter = dead.get(i);
            DeadLetter.Info info = DeadLetter.Info.readFrom(letter.headers());
            assertThat(info.reason())
                    .as("reason of bad record %d (%s)", i, expected.kind())
                    .isNotBlank();
            if (expected.expectedReason() != null) {
                assertThat(info.reason())
                        .as("reason of bad record %d (%s)", i, expected.kind())
                        .isEqualTo(expected.expectedReason());
            }
            assertThat(letter.value())
                    .as("value of bad record %d (%s)", i, expected.kind())
                    .isEqualTo(expected.value());
            assertThat(letter.key())
                    .as("key of bad record %d (%s)", i, expected.kind())
                    .isEqualTo(expected.key());
            byReason.merge(info.reason(), 1, Integer::sum);
        }
        return byReason;
    }
}
