package io.streambind.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.ModelSnapshotChunk;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.schemas.SampleRecords;
import io.streambind.schemas.registry.InMemorySchemaRegistryClient;
import io.streambind.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Hostile and corrupt bytes must give a typed {@link WireFormatException} without allocating what they
 * declare. Bodies are built by hand from the Avro spec (zig-zag varints) rather than with Avro itself.
 */
class MalformedRecordTest {
    private static final long TWO_GIB = (1L << 31) - 1;
    private final SchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final int chunkId = registry.register("models-value", ModelSnapshotChunk.getClassSchema());
    private final int reportId = registry.register("reports-value", StepReport.getClassSchema());
    private final AvroWireDeserializer<ModelSnapshotChunk> chunks =
            deserializer(ModelSnapshotChunk.class, DecodeLimits.DEFAULTS);
    private final AvroWireDeserializer<StepReport> reports = deserializer(StepReport.class, DecodeLimits.DEFAULTS);

    @Test
    void wrongMagicByte() {
        byte[] bytes = validChunk();
        bytes[0] = 1;
        assertThatThrownBy(() -> chunks.deserialize("t", bytes))
                .isInstanceOf(UnknownMagicByteException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void unknownSchemaId() {
        byte[] bytes = validChunk();
        bytes[4] = 99;
        assertThatThrownBy(() -> chunks.deserialize("t", bytes))
                .isInstanceOf(UnknownSchemaIdException.class)
                .hasMessageContaining("99");
    }

    @Test
    void truncatedHeaderAndTruncatedBody() {
        assertThatThrownBy(() -> chunks.deserialize("t", new byte[] {0, 0, 0}))
                .isInstanceOf(TruncatedRecordException.class);
        byte[] valid = validChunk();
        for (int length = 5; length < valid.length; length++) {
            byte[] cut = Arrays.copyOf(valid, length);
            assertThat(catchThrowable(() -> chunks.deserialize("t", cut)))
                    .as("cut at %d", length)
                    .isInstanceOf(TruncatedRecordException.class);
        }
    }

    @Test
    void hugeDeclaredBytesLengthFailsWithoutAllocatingIt() {
        byte[] bytes = body(chunkId, out -> {
            string(out, "m1");
            varint(out, 3); // version
            varint(out, 0); // chunkIndex
            varint(out, 1); // chunkCount
            string(out, ""); // provenance
            varint(out, TWO_GIB); // data: declares 2 GiB
            out.write(new byte[] {1, 2, 3}, 0, 3);
        });
        assertBoundedFailure(chunks, bytes, TruncatedRecordException.class, "data");
    }

    @Test
    void hugeDeclaredStringLengthFailsWithoutAllocatingIt() {
        byte[] bytes = body(chunkId, out -> {
            varint(out, 1L << 40); // modelId length 1 TiB
            out.write('m');
        });
        assertBoundedFailure(chunks, bytes, TruncatedRecordException.class, "modelId");
    }

    @Test
    void hugeDeclaredArrayCountFailsWithoutAllocatingIt() {
        byte[] overLimit = reportPrefix(1L << 40);
        assertBoundedFailure(reports, overLimit, RecordTooLargeException.class, "pairs");

        // Within the item limit but far more items than bytes: rejected before walking them.
        byte[] overBytes = reportPrefix(DecodeLimits.MAX_COLLECTION_ITEMS_DEFAULT);
        assertBoundedFailure(reports, overBytes, TruncatedRecordException.class, "pairs");
    }

    @Test
    void negativeLengthsAndIndexesAreMalformed() {
        byte[] negativeString = body(chunkId, out -> varint(out, -5));
        assertThatThrownBy(() -> chunks.deserialize("t", negativeString))
                .isInstanceOf(MalformedAvroException.class)
                .hasMessageContaining("negative");

        byte[] badUnionBranch =
                body(registry.register("batches-value", StreamRecord.getClassSchema()), out -> varint(out, 7));
        assertThatThrownBy(() ->
                        deserializer(StreamRecord.class, DecodeLimits.DEFAULTS).deserialize("t", badUnionBranch))
                .isInstanceOf(MalformedAvroException.class)
                .hasMessageContaining("union index 7");

        byte[] overlongVarint = body(
                chunkId,
                out -> out.write(
                        new byte[] {
                            (byte) 0x80,
                            (byte) 0x80,
                            (byte) 0x80,
                            (byte) 0x80,
                            (byte) 0x80,
                            (byte) 0x80,
                            (byte) 0x80,
                            (byte) 0x80,
                            (byte) 0x80,
                            (byte) 0x80,
                            1
                        },
                        0,
                        11));
        assertThatThrownBy(() -> chunks.deserialize("t", overlongVarint))
                .isInstanceOf(MalformedAvroException.class)
                .hasMessageContaining("varint");
    }

    @Test
    void trailingBytesMeanTheWrongSchema() {
        byte[] valid = validChunk();
        byte[] longer = Arrays.copyOf(valid, valid.length + 2);
        assertThatThrownBy(() -> chunks.deserialize("t", longer))
                .isInstanceOf(MalformedAvroException.class)
                .hasMessageContaining("2 bytes left over");
    }

    @Test
    void recordLargerThanTheLimit() {
        DecodeLimits small = DecodeLimits.fromConfig(Map.of(DecodeLimits.MAX_RECORD_BYTES_CONFIG, 16));
        byte[] valid = validChunk();
        assertThatThrownBy(() -> deserializer(ModelSnapshotChunk.class, small).deserialize("t", valid))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining(DecodeLimits.MAX_RECORD_BYTES_CONFIG);
    }

    @Test
    void nestingDeeperThanTheLimit() {
        DecodeLimits shallow = DecodeLimits.fromConfig(Map.of(DecodeLimits.MAX_NESTING_DEPTH_CONFIG, 2));
        byte[] report = new AvroWireSerde<>(registry, StepReport.class, DecodeLimits.DEFAULTS)
                .serializer()
                .serialize("reports", SampleRecords.report());
        assertThatThrownBy(() -> deserializer(StepReport.class, shallow).deserialize("reports", report))
                .isInstanceOf(MalformedAvroException.class)
                .hasMessageContaining("nesting");
    }

    @Test
    void tooManyRowsTimesWidthIsRejectedFromTheDeclaredShape() {
        AvroWireSerde<StreamRecord> serde =
                new AvroWireSerde<>(registry, StreamRecord.class, DecodeLimits.DEFAULTS, MatrixShapes.INSTANCE);
        EmbeddingBatch huge = SampleRecords.batch(2, 3, 3, false);
        huge.setRows(1 << 20);
        huge.setWidthA(1 << 20);
        byte[] bytes = serde.serializer().serialize("b", new StreamRecord(huge));
        assertThatThrownBy(() -> serde.deserializer().deserialize("b", bytes))
                .isInstanceOf(MatrixShapeException.class)
                .hasMessageContaining("1048576 x 1048576")
                .hasMessageContaining(DecodeLimits.MAX_MATRIX_ELEMENTS_CONFIG);

        EmbeddingBatch ragged = SampleRecords.batch(4, 3, 3, false);
        ragged.setXb(ByteBuffer.allocate(4 * 3 * 4 - 4));
        byte[] raggedBytes = serde.serializer().serialize("b", new StreamRecord(ragged));
        assertThatThrownBy(() -> serde.deserializer().deserialize("b", raggedBytes))
                .isInstanceOf(MatrixShapeException.class)
                .hasMessageContaining("xb holds 44 bytes");
    }

    @Test
    void randomCorruptionOnlyEverGivesTypedErrors() {
        AvroWireSerde<StreamRecord> serde =
                new AvroWireSerde<>(registry, StreamRecord.class, DecodeLimits.DEFAULTS, MatrixShapes.INSTANCE);
        byte[] valid = serde.serializer().serialize("b", SampleRecords.batchRecord(4, 8, 8));
        Random random = new Random(7);
        int typedErrors = 0;
        for (int trial = 0; trial < 3000; trial++) {
            byte[] corrupt = valid.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                // Keep the header intact so the body decoder is what gets exercised.
                corrupt[5 + random.nextInt(corrupt.length - 5)] = (byte) random.nextInt(256);
            }
            byte[] input =
                    random.nextBoolean() ? corrupt : Arrays.copyOf(corrupt, 5 + random.nextInt(corrupt.length - 5));
            Throwable error = catchThrowable(() -> serde.deserializer().deserialize("b", input));
            if (error != null) {
                assertThat(error).as("trial %d", trial).isInstanceOf(WireFormatException.class);
                typedErrors++;
            }
        }
        assertThat(typedErrors).isGreaterThan(1000);
    }

    private static void assertBoundedFailure(
            AvroWireDeserializer<?> deserializer,
            byte[] bytes,
            Class<? extends WireFormatException> type,
            String fieldInMessage) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long threadId = Thread.currentThread().getId();
        catchThrowable(() -> deserializer.deserialize("t", bytes)); // warm up class loading and caches
        long before = threads.getThreadAllocatedBytes(threadId);
        Throwable error = catchThrowable(() -> deserializer.deserialize("t", bytes));
        long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertThat(error).isInstanceOf(type).hasMessageContaining(fieldInMessage);
        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(1 << 20);
    }

    private byte[] reportPrefix(long pairCount) {
        return body(reportId, out -> {
            string(out, "m1");
            varint(out, 1); // step
            out.write(0); // noop false
            varint(out, pairCount); // pairs: array block count
            string(out, "video");
        });
    }

    private byte[] validChunk() {
        return new AvroWireSerde<>(registry, ModelSnapshotChunk.class, DecodeLimits.DEFAULTS)
                .serializer()
                .serialize("models", SampleRecords.chunk());
    }

    private <T extends SpecificRecord> AvroWireDeserializer<T> deserializer(Class<T> type, DecodeLimits limits) {
        return new AvroWireDeserializer<>(registry, type, limits, RecordCheck.none());
    }

    private static byte[] body(int schemaId, java.util.function.Consumer<ByteArrayOutputStream> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        writer.accept(out);
        return out.toByteArray();
    }

    /** Avro long: zig-zag, then 7 bits per byte, low group first. */
    private static void varint(ByteArrayOutputStream out, long value) {
        long zigzag = (value << 1) ^ (value >> 63);
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
    }

    private static void string(ByteArrayOutputStream out, String value) {
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        varint(out, utf8.length);
        out.write(utf8, 0, utf8.length);
    }
}
