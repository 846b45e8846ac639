package io.streambind.learner;

import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.process.BatchProcessor;
import io.streambind.learner.process.LearnerOutput;
import io.streambind.learner.process.ModelCensus;
import io.streambind.learner.process.ProcessingSettings;
import io.streambind.learner.process.StepEvaluator;
import io.streambind.learner.state.LearnerStores;
import io.streambind.learner.state.SnapshotWrites;
import io.streambind.learner.state.StoreNames;
import io.streambind.schemas.topics.Topic;
import io.streambind.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The learner topology: {@code streambind.batches} (raw bytes, decoded in the processor) through the
 * batch processor and its stores, out to reports, model snapshots and dead letters.
 */
public final class LearnerTopology {
    public static final String PROCESSOR_NAME = "learner";

    private LearnerTopology() {}

    /**
     * @param snapshotWrites where the processors announce snapshot writes, for the serving threads that read the
     *                       same stores ({@link SnapshotWrites})
     */
    public static void build(
            StreamsBuilder builder,
            Topics topics,
            ProcessingSettings settings,
            LearnerMetrics metrics,
            StepEvaluator evaluator,
            SnapshotWrites snapshotWrites) {
        LearnerStores.builders(settings.learner().changelogSegmentBytes()).forEach(builder::addStateStore);
        ModelCensus census = new ModelCensus(settings.learner().instanceMaxModels());
        KStream<String, LearnerOutput> outputs = builder.stream(
                        topics.batches().name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                .process(
                        () -> new BatchProcessor(
                                settings,
                                topics.batches().valueSerde().deserializer(),
                                metrics,
                                evaluator,
                                census,
                                snapshotWrites),
                        Named.as(PROCESSOR_NAME),
                        StoreNames.ALL.toArray(String[]::new));

        Topic<String, StepReport> reports = topics.reports();
        Topic<String, ModelSnapshotChunk> models = topics.models();
        Topic<byte[], byte[]> deadLetters = topics.deadLetters();
        outputs.split(Named.as("output-"))
                .branch(
                        (model, out) -> out instanceof LearnerOutput.Report,
                        Branched.withConsumer(
                                branch -> branch.mapValues(out -> ((LearnerOutput.Report) out).report())
                                        .to(reports.name(), Produced.with(reports.keySerde(), reports.valueSerde())),
                                "reports"))
                .branch(
                        (model, out) -> out instanceof LearnerOutput.SnapshotChunk,
                        Branched.withConsumer(
                                branch -> branch.mapValues(out -> ((LearnerOutput.SnapshotChunk) out).chunk())
                                        .to(models.name(), Produced.with(models.keySerde(), models.valueSerde())),
                                "snapshot-chunks"))
                .branch(
                        (model, out) -> out instanceof LearnerOutput.DeadLetter,
                        Branched.withConsumer(
                                branch -> branch.map((model, out) -> KeyValue.pair(
                                                ((LearnerOutput.DeadLetter) out).key(),
                                                ((LearnerOutput.DeadLetter) out).value()))
                                        .to(
                                                deadLetters.name(),
                                                Produced.with(deadLetters.keySerde(), deadLetters.valueSerde())),
                                "dead-letters"))
                .noDefaultBranch();
    }
}
