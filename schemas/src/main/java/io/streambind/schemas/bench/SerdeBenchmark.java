package io.streambind.schemas.bench;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.avro.Split;
import io.streambind.avro.StreamRecord;
import io.streambind.schemas.codec.FloatMatrix;
import io.streambind.schemas.registry.InMemorySchemaRegistryClient;
import io.streambind.schemas.wire.AvroWireSerde;
import io.streambind.schemas.wire.DecodeLimits;
import io.streambind.schemas.wire.MatrixShapes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

/**
 * Serialize + deserialize of one 64 x 1024 pair batch (two float32 matrices, 512 KiB of payload), from
 * float[] to wire bytes and back to float[]: the contract's {@code bytes} encoding through the StreamBind
 * serde versus an {@code array<float>} encoding through Avro's generic reader and writer. Prints MB/s of
 * matrix payload for each and their ratio.
 *
 * <p>Run: {@code java -cp <schemas classpath> io.streambind.schemas.bench.SerdeBenchmark [rows] [width] [seconds]}
 */
public final class SerdeBenchmark {
    private static final Schema ARRAY_BATCH = new Schema.Parser().parse("""
            {"type": "record", "name": "ArrayFloatBatch", "namespace": "io.streambind.bench",
             "fields": [{"name": "rows", "type": "int"}, {"name": "width", "type": "int"},
                        {"name": "xa", "type": {"type": "array", "items": "float"}},
                        {"name": "xb", "type": {"type": "array", "items": "float"}}]}""");

    private SerdeBenchmark() {}

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        float[] xa = randomFloats(rows * width, 1);
        float[] xb = randomFloats(rows * width, 2);
        double payloadMb = 2.0 * rows * width * Float.BYTES / 1e6;

        BytesRoundTrip bytes = new BytesRoundTrip(rows, width);
        ArrayRoundTrip array = new ArrayRoundTrip(rows, width);
        System.out.printf(
                "pair batch %d x %d, payload %.3f MB; bytes record %d B, array<float> record %d B%n",
                rows, width, payloadMb, bytes.run(xa, xb), array.run(xa, xb));

        double bytesMbs = measure("bytes (StreamBind serde)", () -> bytes.run(xa, xb), payloadMb, seconds);
        double arrayMbs = measure("array<float> (Avro generic)", () -> array.run(xa, xb), payloadMb, seconds);
        System.out.printf("bytes / array<float> throughput ratio: %.1fx%n", bytesMbs / arrayMbs);
    }

    /** Runs {@code roundTrip} for {@code seconds} after a warm-up of the same length; returns MB/s of payload. */
    private static double measure(String name, RoundTrip roundTrip, double payloadMb, double seconds)
            throws IOException {
        long checksum = 0;
        for (long end = System.nanoTime() + (long) (seconds * 1e9); System.nanoTime() < end; ) {
            checksum += roundTrip.run();
        }
        int iterations = 0;
        long begin = System.nanoTime();
        long end = begin + (long) (seconds * 1e9);
        long now;
        do {
            checksum += roundTrip.run();
            iterations++;
            now = System.nanoTime();
        } while (now < end);
        double elapsed = (now - begin) / 1e9;
        double mbs = iterations * payloadMb / elapsed;
        System.out.printf(
                "%-28s %8.1f MB/s  %8.3f ms per serialize+deserialize  (%d iterations, checksum %d)%n",
                name, mbs, elapsed * 1e3 / iterations, iterations, checksum % 10);
        return mbs;
    }

    private interface RoundTrip {
        /** One serialize + deserialize; returns the record size so the work cannot be optimised away. */
        int run() throws IOException;
    }

    /** The contract path: float[] -> little-endian bytes -> Confluent wire format -> float[]. */
    private static final class BytesRoundTrip {
        private final int rows;
        private final int width;
        private final AvroWireSerde<StreamRecord> serde = new AvroWireSerde<>(
                new InMemorySchemaRegistryClient(), StreamRecord.class, DecodeLimits.DEFAULTS, MatrixShapes.INSTANCE);
        private final float[] outA;
        private final float[] outB;

        BytesRoundTrip(int rows, int width) {
            this.rows = rows;
            this.width = width;
            this.outA = new float[rows * width];
            this.outB = new float[rows * width];
        }

        int run(float[] xa, float[] xb) {
            EmbeddingBatch batch = EmbeddingBatch.newBuilder()
                    .setModelId("m")
                    .setBatchId("b")
                    .setTask("t")
                    .setSplit(Split.TRAIN)
                    .setModalityA("a")
                    .setModalityB("b")
                    .setWidthA(width)
                    .setWidthB(width)
                    .setRows(rows)
                    .setXa(FloatMatrix.toBytes(xa))
                    .setXb(FloatMatrix.toBytes(xb))
                    .setProducedAtMillis(0)
                    .build();
            byte[] wire = serde.serializer().serialize("bench", new StreamRecord(batch));
            EmbeddingBatch read = (EmbeddingBatch)
                    serde.deserializer().deserialize("bench", wire).getPayload();
            FloatMatrix.readInto(read.getXa(), outA, 0, outA.length);
            FloatMatrix.readInto(read.getXb(), outB, 0, outB.length);
            return wire.length;
        }
    }

    /** The alternative: float[] -> boxed List<Float> -> array<float> -> List<Float> -> float[]. */
    private static final class ArrayRoundTrip {
        private final int rows;
        private final int width;
        private final GenericDatumWriter<GenericRecord> writer = new GenericDatumWriter<>(ARRAY_BATCH);
        private final GenericDatumReader<GenericRecord> reader = new GenericDatumReader<>(ARRAY_BATCH);
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private BinaryEncoder encoder;
        private BinaryDecoder decoder;
        private final float[] outA;
        private final float[] outB;

        ArrayRoundTrip(int rows, int width) {
            this.rows = rows;
            this.width = width;
            this.outA = new float[rows * width];
            this.outB = new float[rows * width];
        }

        int run(float[] xa, float[] xb) throws IOException {
            GenericRecord record = new GenericData.Record(ARRAY_BATCH);
            record.put("rows", rows);
            record.put("width", width);
            record.put("xa", boxed(xa));
            record.put("xb", boxed(xb));
            out.reset();
            encoder = EncoderFactory.get().binaryEncoder(out, encoder);
            writer.write(record, encoder);
            encoder.flush();
            byte[] wire = out.toByteArray();
            decoder = DecoderFactory.get().binaryDecoder(wire, decoder);
            GenericRecord read = reader.read(null, decoder);
            unboxed(read.get("xa"), outA);
            unboxed(read.get("xb"), outB);
            return wire.length;
        }

        private static GenericData.Array<Float> boxed(float[] values) {
            GenericData.Array<Float> array = new GenericData.Array<>(
                    values.length, ARRAY_BATCH.getField("xa").schema());
            for (float value : values) {
                array.add(value);
            }
            return array;
        }

        @SuppressWarnings("unchecked")
        private static void unboxed(Object list, float[] target) {
            List<Float> values = (List<Float>) list;
            for (int i = 0; i < target.length; i++) {
                target[i] = values.get(i);
            }
        }
    }

    private static float[] randomFloats(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }
}
