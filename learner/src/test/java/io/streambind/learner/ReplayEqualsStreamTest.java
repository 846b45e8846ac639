package io.streambind.learner;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.avro.ModalityRanks;
import io.streambind.avro.PairSummary;
import io.streambind.avro.StepEvaluation;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.avro.TaskMetrics;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.eval.StepFigures;
import io.streambind.core.eval.TaskFigures;
import io.streambind.core.loop.ClosedStep;
import io.streambind.core.loop.PairProgress;
import io.streambind.core.model.Ranks;
import io.streambind.io.FloatRows;
import io.streambind.io.PairBatch;
import io.streambind.io.PromptSet;
import io.streambind.io.Split;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import io.streambind.producer.BatchPublisher;
import io.streambind.producer.DirectorySource;
import io.streambind.producer.PublishStats;
import io.streambind.replay.Replay;
import io.streambind.replay.ReplayResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Offline replay and the Kafka processor drive the same continual loop, so one stream directory gives the same
 * state both ways: replayed, and published as the producer does (batches split into parts, prompts) into the
 * learner topology. The model's bytes, every step's pair progress (tasks in the same order), kept ranks and
 * evaluation figures are equal.
 */
class ReplayEqualsStreamTest {
    private static final String MODEL = "same";
    private static final int D = 8;
    /** Small records, so that the 300-row batches travel in two parts and are joined by the learner. */
    private static final int MAX_RECORD_BYTES = 33 * 1024;

    @TempDir
    Path work;

    @Test
    void replayAndTheProcessorEndInTheSameStateForTheSameStream() throws IOException {
        StreamDirectory stream = StreamDirectory.open(writeStream(work.resolve("stream")));
        ReplayResult offline = new Replay(DnsConfig.defaults()).run(stream);
        List<StepReport> reports;
        try (LearnerDriver learner =
                LearnerDriver.withEvaluation(work.resolve("state"), LearnerDriver.settings(2, 1))) {
            for (ProducerRecord<String, StreamRecord> record : published(stream, learner)) {
                learner.send(record.key(), record.value().getPayload());
            }
            assertThat(learner.deadLetters()).isEmpty();
            reports = learner.reports();
            assertThat(learner.storedModel(MODEL).toBytes())
                    .isEqualTo(offline.model().toBytes());
        }

        assertThat(reports).hasSize(offline.steps().size()).hasSize(3);
        for (int step = 0; step < reports.size(); step++) {
            assertSameStep(reports.get(step), offline.steps().get(step));
        }
        // not vacuous: two tasks shared a pair in step 1 (in training order, not sorted), step 2 trained nothing
        assertThat(reports.get(1).getPairs().get(0).getTasks()).containsExactly("zebra", "apple");
        assertThat(reports.get(2).getNoop()).isTrue();
        assertThat(reports.get(1).getEvaluation().getStabilityDeviation()).isNotNull();
        assertThat(reports.get(0).getEvaluation().getTasks().get(0).getZeroShotAccuracy())
                .isNotNull();
    }

    private static void assertSameStep(StepReport report, ClosedStep<StepFigures> offline) {
        assertThat(report.getStep()).isEqualTo(offline.result().step());
        assertThat(report.getNoop()).isEqualTo(offline.result().noOp());
        assertThat(report.getPairs()).hasSameSizeAs(offline.pairs());
        for (int p = 0; p < offline.pairs().size(); p++) {
            PairSummary got = report.getPairs().get(p);
            PairProgress want = offline.pairs().get(p);
            assertThat(got.getModalityA()).isEqualTo(want.modalityA());
            assertThat(got.getModalityB()).isEqualTo(want.modalityB());
            assertThat(got.getTasks()).containsExactlyElementsOf(want.tasks());
            assertThat(got.getBatches()).isEqualTo(want.batches());
            assertThat(got.getSamples()).isEqualTo(want.samples());
            assertThat(got.getLossFirst()).isEqualTo(want.lossFirst());
            assertThat(got.getLossLast()).isEqualTo(want.lossLast());
            assertThat(got.getLossMean()).isEqualTo(want.lossMean());
        }
        Map<String, Ranks> ranks = offline.result().ranks();
        assertThat(report.getKeptRanks())
                .extracting(ModalityRanks::getModality)
                .containsExactlyElementsOf(ranks.keySet());
        for (ModalityRanks got : report.getKeptRanks()) {
            assertThat(got.getRight()).isEqualTo(ranks.get(got.getModality()).right());
            assertThat(got.getLeft()).isEqualTo(ranks.get(got.getModality()).left());
        }
        StepEvaluation evaluation = report.getEvaluation();
        StepFigures figures = offline.figures();
        assertThat(evaluation.getTasks()).hasSameSizeAs(figures.tasks());
        for (int t = 0; t < figures.tasks().size(); t++) {
            TaskMetrics got = evaluation.getTasks().get(t);
            TaskFigures want = figures.tasks().get(t);
            assertThat(got.getTask() + " " + got.getModalityA() + "-" + got.getModalityB())
                    .isEqualTo(want.pair().key());
            assertThat(got.getTestPairs()).isEqualTo(want.testPairs());
            assertThat(got.getRecall())
                    .containsExactlyElementsOf(boxed(want.recall().mean()));
            assertThat(got.getRecallAB())
                    .containsExactlyElementsOf(boxed(want.recall().ab()));
            assertThat(got.getRecallBA())
                    .containsExactlyElementsOf(boxed(want.recall().ba()));
            assertThat(got.getZeroShotAccuracy()).isEqualTo(want.zeroShotAccuracy());
        }
        assertThat(evaluation.getStabilityTask()).isEqualTo(figures.stabilityTask());
        assertThat(evaluation.getStabilityDeviation()).isEqualTo(figures.stabilityDeviation());
        assertThat(evaluation.getBwtR10()).isEqualTo(figures.bwtR10());
        assertThat(evaluation.getBwtAccuracy()).isEqualTo(figures.bwtAccuracy());
        assertThat(evaluation.getMeanR10()).isEqualTo(figures.meanR10());
        assertThat(evaluation.getMeanAccuracy()).isEqualTo(figures.meanAccuracy());
    }

    /** The stream's records as the producer publishes them. */
    private static List<ProducerRecord<String, StreamRecord>> published(StreamDirectory stream, LearnerDriver learner)
            throws IOException {
        MockProducer<String, StreamRecord> producer = new MockProducer<>(
                true,
                null,
                new StringSerializer(),
                learner.topics.batches().valueSerde().serializer());
        BatchPublisher publisher = new BatchPublisher(
                producer,
                learner.topics.batches().name(),
                MODEL,
                "run",
                0,
                MAX_RECORD_BYTES,
                0,
                0,
                "replay test",
                new PublishStats(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), false));
        DirectorySource.emit(stream, publisher);
        publisher.flush();
        return producer.history();
    }

    /**
     * Step 0 trains one task (a batch of two parts) with prompts; step 1 trains two tasks on one pair and a
     * second pair; step 2 trains nothing. Test pairs of every task, some labelled.
     */
    private static Path writeStream(Path dir) throws IOException {
        Random random = new Random(11);
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(dir)) {
            writer.prompts(new PromptSet("flowers", "text", List.of("rose", "tulip", "iris"), rows(random, 3)));
            train(writer, random, "flowers", "text", "video", 300);
            train(writer, random, "flowers", "text", "video", 64);
            test(writer, random, "flowers", "text", "video", true);
            writer.stepEnd();
            train(writer, random, "zebra", "text", "video", 48);
            train(writer, random, "sounds", "audio", "video", 300);
            train(writer, random, "apple", "text", "video", 48);
            train(writer, random, "zebra", "text", "video", 32);
            test(writer, random, "zebra", "text", "video", false);
            test(writer, random, "sounds", "audio", "video", true);
            writer.stepEnd();
            writer.stepEnd();
        }
        return dir;
    }

    private static void train(StreamDirectoryWriter writer, Random random, String task, String a, String b, int n)
            throws IOException {
        writer.batch(new PairBatch(task, Split.TRAIN, a, b, rows(random, n), rows(random, n), null));
    }

    private static void test(
            StreamDirectoryWriter writer, Random random, String task, String a, String b, boolean labelled)
            throws IOException {
        int n = 30;
        writer.batch(new PairBatch(
                task,
                Split.TEST,
                a,
                b,
                rows(random, n),
                rows(random, n),
                labelled ? IntStream.range(0, n).map(i -> i % 3).toArray() : null));
    }

    private static FloatRows rows(Random random, int n) {
        float[] x = new float[n * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new FloatRows(n, D, x);
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }
}
