package io.streambind.producer;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.StepAction;
import io.streambind.avro.StepMarker;
import io.streambind.avro.StreamRecord;
import io.streambind.io.PairBatch;
import io.streambind.io.PromptSet;
import io.streambind.io.Split;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.codec.IntLabels;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Publishes a stream's events for one model to the batches topic as {@link StreamRecord} envelopes
 * keyed by the model id (one partition, so markers stay ordered after their batches). A batch too
 * large for one record is split by rows into parts sharing its batch id; {@code step_end} becomes a
 * {@link StepMarker} numbered from the given first step.
 */
public final class BatchPublisher implements StreamSink {
    /** Room for the Avro fields other than the matrices and for Kafka's record framing. */
    static final int RECORD_OVERHEAD_BYTES = 16 * 1024;

    private final Producer<String, StreamRecord> producer;
    private final String topic;
    private final String modelId;
    private final String runId;
    private final int maxRecordBytes;
    private final Pacer pacer;
    private final PublishStats stats;
    private final String issuedBy;
    private long batchCount;
    private long step;
    private Future<RecordMetadata> lastSend;

    /**
     * @param runId prefix of the batch ids of this run: ids must stay unique per model across runs, or
     *     the learner drops the batches as retries
     * @param maxRecordBytes the producer's {@code max.request.size}
     */
    public BatchPublisher(
            Producer<String, StreamRecord> producer,
            String topic,
            String modelId,
            String runId,
            long firstStep,
            int maxRecordBytes,
            double recordsPerSecond,
            double bytesPerSecond,
            String issuedBy,
            PublishStats stats) {
        if (maxRecordBytes <= 2 * RECORD_OVERHEAD_BYTES) {
            throw new IllegalArgumentException("max record size " + maxRecordBytes + " is too small");
        }
        this.producer = producer;
        this.topic = topic;
        this.modelId = modelId;
        this.runId = runId;
        this.step = firstStep;
        this.maxRecordBytes = maxRecordBytes;
        this.pacer = new Pacer(recordsPerSecond, bytesPerSecond);
        this.issuedBy = issuedBy;
        this.stats = stats;
    }

    /** Rows per part so that a part's matrices fit one record. */
    static int rowsPerPart(int widthA, int widthB, boolean labelled, int maxRecordBytes) {
        long rowBytes = (long) Float.BYTES * (widthA + widthB) + (labelled ? 5 : 0);
        long rows = (maxRecordBytes - RECORD_OVERHEAD_BYTES) / rowBytes;
        if (rows < 1) {
            throw new IllegalArgumentException("one row of widths " + widthA + " + " + widthB
                    + " does not fit a record of " + maxRecordBytes + " bytes; raise max.request.size");
        }
        return (int) Math.min(rows, Integer.MAX_VALUE);
    }

    @Override
    public void batch(PairBatch batch) throws IOException {
        batchCount++;
        String batchId = runId + "-" + batchCount;
        int da = batch.xa().cols();
        int db = batch.xb().cols();
        int rowsPerPart = rowsPerPart(da, db, batch.labels() != null, maxRecordBytes);
        int parts = (batch.rows() + rowsPerPart - 1) / rowsPerPart;
        long now = System.currentTimeMillis();
        for (int part = 0; part < parts; part++) {
            int from = part * rowsPerPart;
            int rows = Math.min(rowsPerPart, batch.rows() - from);
            EmbeddingBatch record = EmbeddingBatch.newBuilder()
                    .setModelId(modelId)
                    .setBatchId(batchId)
                    .setTask(batch.task())
                    .setSplit(
                            batch.split() == Split.TRAIN
                                    ? io.streambind.avro.Split.TRAIN
                                    : io.streambind.avro.Split.TEST)
                    .setModalityA(batch.modalityA())
                    .setModalityB(batch.modalityB())
                    .setWidthA(da)
                    .setWidthB(db)
                    .setRows(rows)
                    .setXa(FloatMatrix.toBytes(batch.xa().data(), from * da, rows * da))
                    .setXb(FloatMatrix.toBytes(batch.xb().data(), from * db, rows * db))
                    .setLabels(
                            batch.labels() == null
                                    ? null
                                    : IntLabels.toList(Arrays.copyOfRange(batch.labels(), from, from + rows)))
                    .setPart(part)
                    .setParts(parts)
                    .setProducedAtMillis(now)
                    .build();
            send(new StreamRecord(record), (long) rows * (da + db) * Float.BYTES);
        }
        stats.batch();
    }

    @Override
    public void prompts(PromptSet prompts) throws IOException {
        int width = prompts.embeddings().cols();
        int classes = prompts.classNames().size();
        int perPart = classesPerPart(prompts, maxRecordBytes);
        long now = System.currentTimeMillis();
        for (int first = 0; first < classes; first += perPart) {
            int count = Math.min(perPart, classes - first);
            ClassPrompts record = ClassPrompts.newBuilder()
                    .setModelId(modelId)
                    .setTask(prompts.task())
                    .setModality(prompts.modality())
                    .setWidth(width)
                    .setClassNames(prompts.classNames().subList(first, first + count))
                    .setEmbeddings(FloatMatrix.toBytes(prompts.embeddings().data(), first * width, count * width))
                    .setFirstClass(first)
                    .setClassCount(count == classes ? 0 : classes)
                    .setProducedAtMillis(now)
                    .build();
            send(new StreamRecord(record), (long) count * width * Float.BYTES);
        }
        stats.prompts();
    }

    /** Classes per record so that their embeddings and names fit one record. */
    static int classesPerPart(PromptSet prompts, int maxRecordBytes) {
        int longestName = prompts.classNames().stream()
                .mapToInt(n -> n.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .max()
                .orElse(0);
        long classBytes = (long) Float.BYTES * prompts.embeddings().cols() + longestName + 5;
        long classes = (maxRecordBytes - RECORD_OVERHEAD_BYTES) / classBytes;
        if (classes < 1) {
            throw new IllegalArgumentException(
                    "one class prompt of width " + prompts.embeddings().cols() + " does not fit a record of "
                            + maxRecordBytes + " bytes; raise max.request.size");
        }
        return (int) Math.min(classes, Integer.MAX_VALUE);
    }

    @Override
    public void stepEnd() throws IOException {
        send(new StreamRecord(marker(modelId, step, issuedBy)), 0);
        step++;
        stats.marker();
    }

    /** The marker that closes {@code step} of {@code modelId}. */
    public static StepMarker marker(String modelId, long step, String issuedBy) {
        return StepMarker.newBuilder()
                .setModelId(modelId)
                .setStep(step)
                .setAction(StepAction.END)
                .setIssuedBy(issuedBy)
                .setIssuedAtMillis(System.currentTimeMillis())
                .build();
    }

    /** Waits until every record sent so far is acknowledged; a failed send surfaces here at the latest. */
    public void flush() throws IOException {
        producer.flush();
        if (lastSend != null) {
            await(lastSend);
        }
    }

    private void send(StreamRecord record, long payloadBytes) throws IOException {
        try {
            pacer.acquire(payloadBytes);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing");
        }
        if (lastSend != null && lastSend.isDone()) {
            await(lastSend); // fail fast on an earlier asynchronous error
        }
        lastSend = producer.send(new ProducerRecord<>(topic, modelId, record));
        stats.sent(payloadBytes);
    }

    private static void await(Future<RecordMetadata> send) throws IOException {
        try {
            send.get();
        } catch (ExecutionException e) {
            throw new IOException("send failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for an acknowledgement");
        }
    }
}
