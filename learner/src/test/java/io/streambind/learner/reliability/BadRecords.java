package io.streambind.learner.reliability;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StreamRecord;
import io.streambind.learner.LearnerConfig;
import io.streambind.learner.SyntheticBatches;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.wire.MatrixShapeException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Seeded generator of records the learner must dead-letter. Each kind is built so that it is
 * invalid by construction (or, for flipped bits, checked to be undecodable or to repeat an already
 * trained batch id), so the valid records alone define the expected state.
 */
final class BadRecords {
    /** One bad record: its key and value bytes, what kind of damage it has, and the DLQ reason it must get (null: any). */
    record Bad(byte[] key, byte[] value, Kind kind, String expectedReason) {}

    enum Kind {
        RANDOM_BYTES,
        FLIPPED_BITS,
        WRONG_MAGIC_BYTE,
        UNKNOWN_SCHEMA_ID,
        HUGE_DECLARED_LENGTH,
        HUGE_MATRIX_SHAPE,
        WIDTH_FIELD_WRONG,
        WIDTH_MISMATCH_WITH_HEAD,
        NAN,
        INFINITY,
        EMPTY_BATCH,
        RAGGED_BATCH,
        TRUNCATED,
        PROMPTS_WIDTH_MISMATCH,
        MARKER_WRONG_STEP,
        DUPLICATE_BATCH_ID,
        KEY_MODEL_MISMATCH,
        MISSING_KEY,
        INVALID_KEY,
        NULL_VALUE,
        SAME_MODALITY_TWICE,
        INVALID_PARTS,
        ROWS_OVER_LIMIT,
        ROWS_SQUARED_OVERFLOW_INT,
        WIDTH_OVER_LIMIT,
        TOO_MANY_MODALITIES,
        FLOAT32_OVERFLOW,
        MODEL_OVER_CAP,
        TEST_SPLIT_FLOAT32_OVERFLOW,
        PROMPTS_NON_FINITE,
        NEGATIVE_ROWS
    }

    /** The learner limits the resource kinds are built against ({@link #LIMIT_SETTINGS}). */
    static final int MAX_ROWS = 64;

    static final int MAX_WIDTH = 32;
    static final int MAX_MODALITIES = 3;
    static final Map<String, String> LIMIT_SETTINGS = Map.of(
            LearnerConfig.BATCH_MAX_ROWS, Integer.toString(MAX_ROWS),
            LearnerConfig.MODALITY_MAX_WIDTH, Integer.toString(MAX_WIDTH),
            LearnerConfig.MODEL_MAX_MODALITIES, Integer.toString(MAX_MODALITIES));

    /** The limit settings, with room for exactly the {@code models} of a run. */
    static Map<String, String> limitSettings(int models) {
        Map<String, String> settings = new HashMap<>(LIMIT_SETTINGS);
        settings.put(LearnerConfig.INSTANCE_MAX_MODELS, Integer.toString(models));
        return settings;
    }

    private final Random random;
    private final String topic;
    private final Serializer<StreamRecord> serializer;
    private final Deserializer<StreamRecord> deserializer;
    /** Draws of flipped bits rejected because they decoded into a different, valid batch. */
    private int flipRedraws;

    BadRecords(long seed, String topic, Serializer<StreamRecord> serializer, Deserializer<StreamRecord> deserializer) {
        this.random = new Random(seed);
        this.topic = topic;
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    int flipRedraws() {
        return flipRedraws;
    }

    byte[] encode(Object payload) {
        return serializer.serialize(topic, SyntheticBatches.wrap(payload));
    }

    /**
     * A bad record for {@code model} at open step {@code step}; {@code taken} is a TRAIN batch of
     * this model already trained in this step (its head exists with width {@code width}).
     */
    Bad next(String model, long step, EmbeddingBatch taken, int width) {
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        while (kind == Kind.MODEL_OVER_CAP && step == 0) {
            // the run's own models are all started only once step 0 is under way
            kind = Kind.values()[random.nextInt(Kind.values().length)];
        }
        byte[] key = model.getBytes(StandardCharsets.UTF_8);
        byte[] valid = encode(taken);
        EmbeddingBatch fresh = EmbeddingBatch.newBuilder(taken)
                .setBatchId("bad-" + random.nextLong())
                .build();
        return switch (kind) {
            case RANDOM_BYTES -> new Bad(key, randomBytes(random.nextInt(200)), kind, "decode-error");
            case FLIPPED_BITS -> flipped(key, valid, taken);
            case WRONG_MAGIC_BYTE -> {
                byte[] value = valid.clone();
                value[0] = (byte) (1 + random.nextInt(255));
                yield new Bad(key, value, kind, "decode-error");
            }
            case UNKNOWN_SCHEMA_ID -> {
                byte[] value = valid.clone();
                int id = 100_000 + random.nextInt(1_000_000);
                value[1] = (byte) (id >>> 24);
                value[2] = (byte) (id >>> 16);
                value[3] = (byte) (id >>> 8);
                value[4] = (byte) id;
                yield new Bad(key, value, kind, "decode-error");
            }
            case HUGE_DECLARED_LENGTH -> new Bad(key, hugeLength(valid), kind, "decode-error");
            case HUGE_MATRIX_SHAPE ->
                new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setRows(1 << 20)
                                .setWidthA(1 << 20)
                                .setWidthB(1 << 20)
                                .build()),
                        kind,
                        "empty-or-ragged");
            case WIDTH_FIELD_WRONG ->
                new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setWidthA(width + 1)
                                .build()),
                        kind,
                        "empty-or-ragged");
            case WIDTH_MISMATCH_WITH_HEAD -> {
                int other = width / 2;
                float[] xa = randomFloats(fresh.getRows() * other);
                yield new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setWidthA(other)
                                .setXa(FloatMatrix.toBytes(xa))
                                .build()),
                        kind,
                        "width-mismatch");
            }
            case NAN, INFINITY -> {
                float[] xb = FloatMatrix.toFloats(fresh.getXb());
                xb[random.nextInt(xb.length)] = kind == Kind.NAN
                        ? Float.NaN
                        : random.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                yield new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setXb(FloatMatrix.toBytes(xb))
                                .build()),
                        kind,
                        "non-finite");
            }
            case EMPTY_BATCH ->
                new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setRows(0)
                                .setXa(FloatMatrix.toBytes(new float[0]))
                                .setXb(FloatMatrix.toBytes(new float[0]))
                                .build()),
                        kind,
                        "empty-or-ragged");
            case RAGGED_BATCH -> {
                float[] xa = Arrays.copyOf(
                        FloatMatrix.toFloats(fresh.getXa()), fresh.getRows() * width - 1 - random.nextInt(width - 1));
                yield new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setXa(FloatMatrix.toBytes(xa))
                                .build()),
                        kind,
                        "empty-or-ragged");
            }
            case TRUNCATED ->
                new Bad(key, Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)), kind, "decode-error");
            case PROMPTS_WIDTH_MISMATCH ->
                new Bad(
                        key,
                        encode(SyntheticBatches.prompts(
                                model, SyntheticBatches.VISION, 3, width + 3, random.nextLong())),
                        kind,
                        "width-mismatch");
            case MARKER_WRONG_STEP -> {
                long wrong = random.nextBoolean() ? step + 1 + random.nextInt(5) : step - 1 - random.nextInt(3);
                yield new Bad(key, encode(SyntheticBatches.marker(model, wrong)), kind, "marker-step-mismatch");
            }
            case DUPLICATE_BATCH_ID -> new Bad(key, valid, kind, "duplicate-batch-id");
            case KEY_MODEL_MISMATCH ->
                new Bad("someone-else".getBytes(StandardCharsets.UTF_8), encode(fresh), kind, "key-model-mismatch");
            case MISSING_KEY -> new Bad(null, encode(fresh), kind, "missing-key");
            case INVALID_KEY ->
                new Bad("bad key\u0000".getBytes(StandardCharsets.UTF_8), encode(fresh), kind, "invalid-name");
            case NULL_VALUE -> new Bad(key, null, kind, "decode-error");
            case SAME_MODALITY_TWICE ->
                new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setModalityB(fresh.getModalityA())
                                .build()),
                        kind,
                        null);
            case INVALID_PARTS ->
                new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setPart(3)
                                .setParts(2)
                                .build()),
                        kind,
                        "invalid-parts");
            case ROWS_OVER_LIMIT ->
                new Bad(
                        key,
                        encode(sized(
                                fresh,
                                MAX_ROWS + 1 + random.nextInt(MAX_ROWS),
                                fresh.getModalityA(),
                                width,
                                fresh.getModalityB(),
                                width)),
                        kind,
                        "batch-too-large");
            // two new modalities of width 1: a score matrix of 50,000^2 entries does not fit an int index
            case ROWS_SQUARED_OVERFLOW_INT ->
                new Bad(key, encode(sized(fresh, 50_000, "tall-a", 1, "tall-b", 1)), kind, "batch-too-large");
            case WIDTH_OVER_LIMIT ->
                new Bad(
                        key,
                        encode(sized(
                                fresh,
                                fresh.getRows(),
                                fresh.getModalityA(),
                                width,
                                "wide",
                                MAX_WIDTH + 1 + random.nextInt(4 * MAX_WIDTH))),
                        kind,
                        "width-over-limit");
            case TOO_MANY_MODALITIES ->
                new Bad(
                        key,
                        encode(sized(fresh, fresh.getRows(), "extra-a", width, "extra-b", width)),
                        kind,
                        "too-many-modalities");
            case FLOAT32_OVERFLOW -> {
                float[] xa = FloatMatrix.toFloats(fresh.getXa());
                for (int i = 0; i < xa.length; i++) {
                    xa[i] *= 1e19f; // finite, but x^2 overflows float32
                }
                yield new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setXa(FloatMatrix.toBytes(xa))
                                .build()),
                        kind,
                        "value-overflow");
            }
            case TEST_SPLIT_FLOAT32_OVERFLOW -> {
                float[] xb = FloatMatrix.toFloats(fresh.getXb());
                xb[random.nextInt(xb.length)] = random.nextBoolean() ? 3e38f : -3e38f;
                yield new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setSplit(Split.TEST)
                                .setXb(FloatMatrix.toBytes(xb))
                                .build()),
                        kind,
                        "value-overflow");
            }
            case PROMPTS_NON_FINITE -> {
                ClassPrompts prompts =
                        SyntheticBatches.prompts(model, SyntheticBatches.TEXT, 3, width, random.nextLong());
                float[] embeddings = FloatMatrix.toFloats(prompts.getEmbeddings());
                embeddings[random.nextInt(embeddings.length)] = Float.NaN;
                yield new Bad(
                        key,
                        encode(ClassPrompts.newBuilder(prompts)
                                .setEmbeddings(FloatMatrix.toBytes(embeddings))
                                .build()),
                        kind,
                        "non-finite");
            }
            case NEGATIVE_ROWS ->
                new Bad(
                        key,
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setRows(-1 - random.nextInt(1 << 20))
                                .build()),
                        kind,
                        null);
            case MODEL_OVER_CAP -> {
                String other = "over-cap";
                yield new Bad(
                        other.getBytes(StandardCharsets.UTF_8),
                        encode(EmbeddingBatch.newBuilder(fresh)
                                .setModelId(other)
                                .build()),
                        kind,
                        "model-limit");
            }
        };
    }

    /** {@code batch} with other modalities, widths and row count, and inputs of the matching sizes. */
    private EmbeddingBatch sized(
            EmbeddingBatch batch, int rows, String modalityA, int widthA, String modalityB, int widthB) {
        return EmbeddingBatch.newBuilder(batch)
                .setRows(rows)
                .setModalityA(modalityA)
                .setWidthA(widthA)
                .setModalityB(modalityB)
                .setWidthB(widthB)
                .setXa(FloatMatrix.toBytes(randomFloats(rows * widthA)))
                .setXb(FloatMatrix.toBytes(randomFloats(rows * widthB)))
                .build();
    }

    /** One to three flipped bits; kept only when the result cannot train anything new. */
    private Bad flipped(byte[] key, byte[] valid, EmbeddingBatch taken) {
        while (true) {
            byte[] value = valid.clone();
            int flips = 1 + random.nextInt(3);
            for (int i = 0; i < flips; i++) {
                int bit = random.nextInt(value.length * 8);
                value[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            try {
                Object payload = deserializer.deserialize(topic, value).getPayload();
                if (payload instanceof EmbeddingBatch batch
                        && batch.getBatchId().equals(taken.getBatchId())) {
                    return new Bad(key, value, Kind.FLIPPED_BITS, null); // a repeated batch id, whatever else changed
                }
                flipRedraws++;
            } catch (MatrixShapeException badShape) {
                return new Bad(key, value, Kind.FLIPPED_BITS, "empty-or-ragged");
            } catch (RuntimeException undecodable) {
                return new Bad(key, value, Kind.FLIPPED_BITS, "decode-error");
            }
        }
    }

    /** The valid header and union index, then a model id whose declared length is 2^30 bytes. */
    private static byte[] hugeLength(byte[] valid) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, 6); // magic, schema id, union index 0 (one varint byte)
        long zigzag = (1L << 30) << 1;
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        out.writeBytes("short".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private float[] randomFloats(int count) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    static List<Kind> kinds() {
        return List.of(Kind.values());
    }
}
