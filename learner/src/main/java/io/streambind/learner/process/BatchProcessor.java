package io.streambind.learner.process;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.StepMarker;
import io.streambind.avro.StreamRecord;
import io.streambind.core.model.ContinualModel;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.metrics.LearnerMetrics.Phase;
import io.streambind.learner.metrics.PhaseTiming;
import io.streambind.learner.state.Manifest;
import io.streambind.learner.state.ModelStore;
import io.streambind.learner.state.SnapshotWrites;
import io.streambind.learner.state.SourcePosition;
import io.streambind.schemas.wire.MatrixShapeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner: decodes each record of {@code streambind.batches} and hands it to core's continual loop
 * (through {@link BatchIntake} and {@link StepCloser}) or sends it to the DLQ. Values arrive as bytes and
 * are decoded here so that a bad record is a dead letter, never a dead application.
 *
 * <p>Each record is handled as a unit: its store writes are staged and its outputs held until it is
 * done. A record that throws anything but an infrastructure fault goes to the DLQ as
 * {@code processing-error}; its writes and outputs are dropped and its model is rebuilt from the store,
 * so the model is as it was before the record and the partition moves on.
 */
public final class BatchProcessor implements Processor<byte[], byte[], String, LearnerOutput> {
    private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

    private final ProcessingSettings settings;
    private final Deserializer<StreamRecord> deserializer;
    private final LearnerMetrics metrics;
    private final StepEvaluator evaluator;
    private final ModelCensus census;
    private final SnapshotWrites snapshotWrites;
    private final List<Record<String, LearnerOutput>> outputs = new ArrayList<>();
    /** The model whose step end put a report and snapshot among the outputs, for the publish timer. */
    private String publishedModel;

    private ProcessorContext<String, LearnerOutput> context;
    private ModelStore store;
    private HotModels models;
    private PartAssembler assembler;
    private DeadLetters deadLetters;
    private StepCommits stepCommits;
    private SnapshotTimer snapshots;
    private StepCloser stepCloser;
    private BatchIntake intake;

    public BatchProcessor(
            ProcessingSettings settings,
            Deserializer<StreamRecord> deserializer,
            LearnerMetrics metrics,
            StepEvaluator evaluator,
            ModelCensus census,
            SnapshotWrites snapshotWrites) {
        this.settings = settings;
        this.deserializer = deserializer;
        this.metrics = metrics;
        this.evaluator = evaluator;
        this.census = census;
        this.snapshotWrites = snapshotWrites;
    }

    @Override
    public void init(ProcessorContext<String, LearnerOutput> context) {
        this.context = context;
        // a re-init after a failed transaction must not forward what the failed attempt held
        outputs.clear();
        publishedModel = null;
        store = new ModelStore(context, snapshotWrites);
        // Empty on every (re)initialisation: after a failed transaction Kafka Streams restores the
        // stores and re-inits the processor, and models are rebuilt from the restored stores.
        models =
                new HotModels(store, settings.modelConfigs(), settings.learner().hotModelsMax());
        assembler = new PartAssembler(
                store,
                deserializer,
                settings.learner().maxPendingParts(),
                settings.learner().maxPartsPerBatch(),
                settings.limits().maxBatchRows());
        census.register(context.taskId(), store.modelIds());
        deadLetters = new DeadLetters(metrics);
        snapshots = new SnapshotTimer(store, metrics);
        stepCloser = new StepCloser(settings, metrics, evaluator, store, snapshots);
        intake = new BatchIntake(settings, metrics, store, assembler, snapshots, deadLetters, this::emit);
        stepCommits = new StepCommits(settings.learner().stepCommitDelay());
        if (!settings.learner().stepCommitDelay().isZero()) {
            // Wall-clock, so that the last step of a stream commits even when no record follows its marker.
            Duration check = settings.learner().stepCommitDelay().dividedBy(2);
            context.schedule(
                    check.isZero() ? Duration.ofMillis(1) : check,
                    PunctuationType.WALL_CLOCK_TIME,
                    now -> commitIfDue());
        }
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        SourcePosition source = source();
        try {
            route(record, source);
        } catch (Rejection rejection) {
            emit(deadLetters.of(record.key(), record.value(), record.headers(), record.timestamp(), source, rejection));
        } catch (RuntimeException e) {
            if (InfrastructureFaults.matches(e)) {
                // Kafka Streams aborts the transaction and may re-init this processor: nothing of the record stays
                dropRecordEffects();
                throw e;
            }
            rollBack(record, source, e);
        }
        store.commit();
        holdNewModel(record.key());
        if (publishedModel == null) {
            forwardOutputs();
        } else {
            try (PhaseTiming publishing = metrics.time(publishedModel, Phase.PUBLISH)) {
                forwardOutputs();
            }
            publishedModel = null;
        }
        commitIfDue();
    }

    private void forwardOutputs() {
        for (Record<String, LearnerOutput> output : outputs) {
            context.forward(output);
        }
        outputs.clear();
    }

    /** Holds an output until the record that made it has been handled. */
    private void emit(Record<String, LearnerOutput> output) {
        outputs.add(output);
    }

    /** Drops the staged writes and held outputs of the record being handled. */
    private void dropRecordEffects() {
        store.discard();
        outputs.clear();
        publishedModel = null;
    }

    /** Undoes everything the failed record did and sends it to the DLQ with the exception. */
    private void rollBack(Record<byte[], byte[]> record, SourcePosition source, RuntimeException e) {
        dropRecordEffects();
        if (record.key() != null) {
            models.evict(new String(record.key(), StandardCharsets.UTF_8));
        }
        log.warn("Record {} failed; it goes to the DLQ and its model is rebuilt from the store", source, e);
        String detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        emit(deadLetters.of(
                record.key(),
                record.value(),
                record.headers(),
                record.timestamp(),
                source,
                new Rejection(
                        DeadLetterReason.PROCESSING_ERROR, detail, e.getClass().getName())));
    }

    private void holdNewModel(byte[] key) {
        if (key == null) {
            return;
        }
        String modelId = new String(key, StandardCharsets.UTF_8);
        if (!census.holds(context.taskId(), modelId) && store.hasModel(modelId)) {
            census.hold(context.taskId(), modelId);
        }
    }

    private void commitIfDue() {
        if (stepCommits.due(System.nanoTime())) {
            context.commit();
        }
    }

    @Override
    public void close() {
        if (models != null) {
            models.clear();
            census.release(context.taskId());
        }
    }

    private void route(Record<byte[], byte[]> record, SourcePosition source) throws Rejection {
        String modelId = modelId(record.key());
        Object payload;
        try (PhaseTiming decoding = metrics.time(modelId, Phase.DECODE)) {
            payload = decode(record, source).getPayload();
        }
        if (payload instanceof EmbeddingBatch batch) {
            onBatch(modelId, batch, record, source);
        } else if (payload instanceof StepMarker marker) {
            onMarker(modelId, marker, record, source);
        } else if (payload instanceof ClassPrompts prompts) {
            onPrompts(modelId, prompts, source);
        } else {
            throw new Rejection(
                    DeadLetterReason.DECODE_ERROR,
                    "unknown payload type " + payload.getClass().getName());
        }
    }

    /** The model's slot, once the instance may hold the model (a model it holds already, or room for one more). */
    private ModelSlot admitted(String modelId) throws Rejection {
        if (!census.admits(context.taskId(), modelId)) {
            throw new Rejection(
                    DeadLetterReason.MODEL_LIMIT,
                    "this instance holds " + census.count()
                            + " models, its limit (learner.instance.max.models " + census.maxModels() + "); model '"
                            + modelId + "' is not started");
        }
        return models.get(modelId);
    }

    private static String modelId(byte[] key) throws Rejection {
        if (key == null) {
            throw new Rejection(DeadLetterReason.MISSING_KEY, "records of the batches topic are keyed by model id");
        }
        return Names.identifier("model id (record key)", new String(key, StandardCharsets.UTF_8));
    }

    private StreamRecord decode(Record<byte[], byte[]> record, SourcePosition source) throws Rejection {
        if (record.value() == null) {
            throw new Rejection(DeadLetterReason.DECODE_ERROR, "the record has no value");
        }
        try {
            return deserializer.deserialize(source.topic(), record.headers(), record.value());
        } catch (MatrixShapeException e) {
            throw new Rejection(
                    DeadLetterReason.EMPTY_OR_RAGGED,
                    e.getMessage(),
                    e.getClass().getName());
        } catch (SerializationException e) {
            throw new Rejection(
                    DeadLetterReason.DECODE_ERROR, e.getMessage(), e.getClass().getName());
        }
    }

    private static void requireSameModel(String key, String modelId) throws Rejection {
        if (!key.equals(modelId)) {
            throw new Rejection(
                    DeadLetterReason.KEY_MODEL_MISMATCH,
                    "record key '" + key + "' differs from the payload's modelId '" + modelId + "'");
        }
    }

    // ------------------------------------------------------------------ batches

    private void onBatch(String modelId, EmbeddingBatch batch, Record<byte[], byte[]> record, SourcePosition source)
            throws Rejection {
        requireSameModel(modelId, batch.getModelId());
        Names.text("batchId", batch.getBatchId());
        Names.text("task", batch.getTask());
        Names.identifier("modalityA", batch.getModalityA());
        Names.identifier("modalityB", batch.getModalityB());
        assembler.checkPartFields(batch);
        intake.take(admitted(modelId), batch, record, source);
    }

    // ------------------------------------------------------------------ step markers

    private void onMarker(String modelId, StepMarker marker, Record<byte[], byte[]> record, SourcePosition source)
            throws Rejection {
        requireSameModel(modelId, marker.getModelId());
        ModelSlot slot = admitted(modelId);
        Manifest manifest = slot.manifest();
        List<PendingPart> incomplete = assembler.dropAll(manifest);
        for (PendingPart part : incomplete) {
            emit(deadLetters.of(
                    record.key(),
                    part.value(),
                    new RecordHeaders(),
                    record.timestamp(),
                    part.source(),
                    new Rejection(
                            DeadLetterReason.INCOMPLETE_BATCH,
                            "the step closed before every part of the batch arrived")));
        }
        if (!incomplete.isEmpty()) {
            store.putManifest(manifest);
        }
        ContinualModel model = slot.model();
        if (marker.getStep() != model.step()) {
            throw new Rejection(
                    DeadLetterReason.MARKER_STEP_MISMATCH,
                    "marker closes step " + marker.getStep() + " but model '" + modelId + "' is at step "
                            + model.step());
        }
        snapshots.ensureWritten(slot);
        closeStep(slot, source, record.timestamp());
    }

    private void closeStep(ModelSlot slot, SourcePosition marker, long timestamp) {
        stepCloser.close(slot, marker, timestamp).forEach(this::emit);
        publishedModel = slot.modelId();
        // A step end is the natural commit point: its report and snapshot become visible within the step commit
        // delay rather than at the next commit interval, and the step's redo entries, just cleared, leave the
        // record cache unwritten.
        if (stepCommits.stepClosed(System.nanoTime())) {
            context.commit();
        }
    }

    // ------------------------------------------------------------------ prompts

    private void onPrompts(String modelId, ClassPrompts prompts, SourcePosition source) throws Rejection {
        requireSameModel(modelId, prompts.getModelId());
        PromptChecks.requireNames(prompts);
        ModelSlot slot = admitted(modelId);
        PromptChecks.require(slot.model(), prompts);
        snapshots.ensureWritten(slot);
        try (PhaseTiming keeping = metrics.time(modelId, Phase.KEEP)) {
            store.putPrompts(modelId, prompts);
            slot.manifest().applied(source);
            store.putManifest(slot.manifest());
        }
    }

    private SourcePosition source() {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        return new SourcePosition(metadata.topic(), metadata.partition(), metadata.offset());
    }
}
