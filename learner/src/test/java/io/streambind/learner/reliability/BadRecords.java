package io.streambind.learner.reliability;

import io.streambind.avro.ClassPrompts;
import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.StreamRecord;
import io.streambind.learner.SyntheticBatches;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.wire.MatrixShapeException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Seeded generator of records the learner must dead-letter. Each kind is built so that it is
 * invalid by construction (or, for flipped bits, checked to be undecodable or to repeat an already
 * trained batch id), so the valid records alone define the expected state.
 */
final class BadRecords {
    /** One bad record: its key and value bytes, what kind of damage it has, and the DLQ reason it must get (null: any). */
    record Bad(byte[] key, byte[] value, Kind kind, String expectedReason) {
    }

    enum Kind {
        RANDOM_BYTES, FLIPPED_BITS, WRONG_MAGIC_BYTE, UNKNOWN_SCHEMA_ID, HUGE_DECLARED_LENGTH, HUGE_MATRIX_SHAPE,
        WIDTH_FIELD_WRONG, WIDTH_MISMATCH_WITH_HEAD, NAN, INFINITY, EMPTY_BATCH, RAGGED_BATCH, TRUNCATED,
        PROMPTS_WIDTH_MISMATCH, MARKER_WRONG_STEP, DUPLICATE_BATCH_ID, KEY_MODEL_MISMATCH,
        MISSING_KEY, INVALID_KEY, NULL_VALUE, SAME_MODALITY_TWICE, INVALID_PARTS
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
        byte[] key = model.getBytes(StandardCharsets.UTF_8);
        byte[] valid = encode(taken);
        EmbeddingBatch fresh = EmbeddingBatch.newBuilder(taken).setBatchId("bad-" + random.nextLong()).build();
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
            case HUGE_MATRIX_SHAPE -> new Bad(key, encode(EmbeddingBatch.newBuilder(fresh)
                    .setRows(1 << 20).setWidthA(1 << 20).setWidthB(1 << 20).build()), kind, "empty-or-ragged");
            case WIDTH_FIELD_WRONG -> new Bad(key, encode(EmbeddingBatch.newBuilder(fresh).setWidthA(width + 1).build()),
                    kind, "empty-or-ragged");
            case WIDTH_MISMATCH_WITH_HEAD -> {
                int other = width / 2;
                float[] xa = randomFloats(fresh.getRows() * other);
                yield new Bad(key, encode(EmbeddingBatch.newBuilder(fresh).setWidthA(other).setXa(FloatMatrix.toBytes(xa))
                        .build()), kind, "width-mismatch");
            }
            case NAN, INFINITY -> {
                float[] xb = FloatMatrix.toFloats(fresh.getXb());
                xb[random.nextInt(xb.length)] = kind == Kind.NAN ? Float.NaN
                        : random.nextBoolean() ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
                yield new Bad(key, encode(EmbeddingBatch.newBuilder(fresh).setXb(FloatMatrix.toBytes(xb)).build()), kind,
                        "non-finite");
            }
            case EMPTY_BATCH -> new Bad(key, encode(EmbeddingBatch.newBuilder(fresh).setRows(0)
                    .setXa(FloatMatrix.toBytes(new float[0])).setXb(FloatMatrix.toBytes(new float[0])).build()), kind,
                    "empty-or-ragged");
            case RAGGED_BATCH -> {
                float[] xa = Arrays.copyOf(FloatMatrix.toFloats(fresh.getXa()), fresh.getRows() * width - 1 - random.nextInt(width - 1));
                yield new Bad(key, encode(EmbeddingBatch.newBuilder(fresh).setXa(FloatMatrix.toBytes(xa)).build()), kind,
                        "empty-or-ragged");
            }
            case TRUNCATED -> new Bad(key, Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1)), kind, "decode-error");
            case PROMPTS_WIDTH_MISMATCH -> new Bad(key, encode(SyntheticBatches.prompts(model, SyntheticBatches.VISION, 3,
                    width + 3, random.nextLong())), kind, "width-mismatch");
            case MARKER_WRONG_STEP -> {
                long wrong = random.nextBoolean() ? step + 1 + random.nextInt(5) : step - 1 - random.nextInt(3);
                yield new Bad(key, encode(SyntheticBatches.marker(model, wrong)), kind, "marker-step-mismatch");
            }
            case DUPLICATE_BATCH_ID -> new Bad(key, valid, kind, "duplicate-batch-id");
            case KEY_MODEL_MISMATCH -> new Bad("someone-else".getBytes(StandardCharsets.UTF_8), encode(fresh), kind,
                    "key-model-mismatch");
            case MISSING_KEY -> new Bad(null, encode(fresh), kind, "missing-key");
            case INVALID_KEY -> new Bad("bad key\u0000".getBytes(StandardCharsets.UTF_8), encode(fresh), kind, "invalid-name");
            case NULL_VALUE -> new Bad(key, null, kind, "decode-error");
            case SAME_MODALITY_TWICE -> new Bad(key, encode(EmbeddingBatch.newBuilder(fresh)
                    .setModalityB(fresh.getModalityA()).build()), kind, null);
            case INVALID_PARTS -> new Bad(key, encode(EmbeddingBatch.newBuilder(fresh).setPart(3).setParts(2).build()), kind,
                    "invalid-parts");
        };
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
                if (payload instanceof EmbeddingBatch batch && batch.getBatchId().equals(taken.getBatchId())) {
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
