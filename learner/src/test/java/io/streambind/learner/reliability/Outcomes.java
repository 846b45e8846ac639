package io.streambind.learner.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.PairSummary;
import io.streambind.avro.StepReport;
import io.streambind.core.model.ContinualModel;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** The checks every fault test ends with: state bytes equal offline training, every batch counted once. */
final class Outcomes {
    private Outcomes() {}

    /** Bit-exact model state and provenance counts equal to the offline run of the same workload. */
    static void assertSameState(Map<String, ContinualModel> actual, Workload workload) {
        Map<String, ContinualModel> expected = workload.offline();
        assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        for (String model : expected.keySet()) {
            ContinualModel got = actual.get(model);
            assertThat(got.provenance().batchesSeen())
                    .as("batches seen by " + model)
                    .isEqualTo(workload.batchesPerModel());
            assertThat(got.provenance().samplesSeen())
                    .as("samples seen by " + model)
                    .isEqualTo(workload.samplesPerModel());
            assertThat(got.step()).as("steps of " + model).isEqualTo(workload.steps());
            assertThat(got.toBytes())
                    .as("state bytes of " + model)
                    .isEqualTo(expected.get(model).toBytes());
        }
    }

    /** Exactly one committed report per model and step, each counting every batch of the step once. */
    static void assertReportsExactlyOnce(List<ConsumerRecord<byte[], StepReport>> records, Workload workload) {
        Map<String, List<StepReport>> byModel = records.stream()
                .map(ConsumerRecord::value)
                .collect(Collectors.groupingBy(StepReport::getModelId, TreeMap::new, Collectors.toList()));
        assertThat(byModel.keySet()).containsExactlyInAnyOrderElementsOf(workload.models());
        for (var entry : byModel.entrySet()) {
            List<Long> steps =
                    entry.getValue().stream().map(StepReport::getStep).toList();
            assertThat(steps)
                    .as("report steps of " + entry.getKey())
                    .containsExactlyElementsOf(java.util.stream.LongStream.range(0, workload.steps())
                            .boxed()
                            .toList());
            for (StepReport report : entry.getValue()) {
                long batches = report.getPairs().stream()
                        .mapToLong(PairSummary::getBatches)
                        .sum();
                long samples = report.getPairs().stream()
                        .mapToLong(PairSummary::getSamples)
                        .sum();
                assertThat(batches)
                        .as("batches in report " + report.getModelId() + "/" + report.getStep())
                        .isEqualTo(workload.batchesPerStep());
                assertThat(samples).isEqualTo((long) workload.batchesPerStep() * workload.rows());
                assertThat(report.getSamplesSeen())
                        .isEqualTo((report.getStep() + 1) * workload.batchesPerStep() * workload.rows());
            }
        }
    }

    static boolean allReported(List<ConsumerRecord<byte[], StepReport>> records, Workload workload) {
        return records.size() >= workload.models().size() * workload.steps();
    }
}
