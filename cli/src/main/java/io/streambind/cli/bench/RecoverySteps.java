package io.streambind.cli.bench;

import io.streambind.avro.StreamRecord;
import io.streambind.embedded.EmbeddedKafkaConfig;
import io.streambind.io.FloatRows;
import io.streambind.io.PairBatch;
import io.streambind.io.Split;
import io.streambind.producer.BatchPublisher;
import io.streambind.producer.PublishStats;
import io.streambind.schemas.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.producer.Producer;

/**
 * The recovery benchmark's load: whole steps of its models, each a few pair batches per model and the step
 * marker. A model has {@code modalities} modalities: text and audio, then m2, m3, ...; its batches pair text with
 * each of the others in turn. A step's batches are seeded by the number of batches the run sent before it, so
 * every run sends the same data.
 */
final class RecoverySteps {
    private final String runId;
    private final int dim;
    private final int rows;
    private final int batchesPerStep;
    private final int modalities;
    private int batchCount;
    /** The step the next produced step closes; each case starts a new broker, so it restarts at 0 there. */
    private long step;

    RecoverySteps(String runId, int dim, int rows, int batchesPerStep, int modalities) {
        if (modalities < 2) {
            throw new IllegalArgumentException("a model needs at least 2 modalities, not " + modalities);
        }
        this.runId = runId;
        this.dim = dim;
        this.rows = rows;
        this.batchesPerStep = batchesPerStep;
        this.modalities = modalities;
    }

    /** The next case's first step is step 0. */
    void startCase() {
        step = 0;
    }

    void produce(Producer<String, StreamRecord> producer, Topics topics, List<String> models) throws IOException {
        Random random = new Random(batchCount);
        PublishStats stats = new PublishStats(new PrintStream(OutputStream.nullOutputStream()), false);
        List<BatchPublisher> publishers = new ArrayList<>();
        for (String model : models) {
            publishers.add(new BatchPublisher(
                    producer,
                    topics.batches().name(),
                    model,
                    runId + "-" + batchCount++,
                    step,
                    EmbeddedKafkaConfig.DEFAULT_MAX_RECORD_BYTES,
                    0,
                    0,
                    "streambind bench recovery",
                    stats));
        }
        for (int i = 0; i < batchesPerStep; i++) {
            String partner = partner(1 + i % (modalities - 1));
            for (BatchPublisher publisher : publishers) {
                publisher.batch(batch(random, partner));
            }
        }
        for (BatchPublisher publisher : publishers) {
            publisher.stepEnd();
            publisher.flush();
        }
        step++;
    }

    private static String partner(int modality) {
        return modality == 1 ? "audio" : "m" + modality;
    }

    /** A text-partner pair batch whose partner rows are noisy copies of the text rows, so there is something to learn. */
    private PairBatch batch(Random random, String partner) {
        float[] xa = new float[rows * dim];
        float[] xb = new float[xa.length];
        for (int i = 0; i < xa.length; i++) {
            xa[i] = (float) random.nextGaussian();
            xb[i] = xa[i] + 0.3f * (float) random.nextGaussian();
        }
        return new PairBatch(
                "bench",
                Split.TRAIN,
                "text",
                partner,
                new FloatRows(rows, dim, xa),
                new FloatRows(rows, dim, xb),
                null);
    }
}
