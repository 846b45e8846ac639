package io.streambind.io;

import static io.streambind.io.NpyReaderTest.expectedMatrix;
import static io.streambind.io.NpyReaderTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesTheSameBytesAsNumpySave() throws Exception {
        Path matrix = dir.resolve("m.npy");
        NpyWriter.writeMatrix(matrix, new FloatRows(3, 4, expectedMatrix()));
        assertThat(Files.readAllBytes(matrix)).isEqualTo(Files.readAllBytes(fixture("matrix_f4.npy")));

        Path vector = dir.resolve("v.npy");
        NpyWriter.writeVector(vector, new float[] {1.5f, -2.25f, 3e-8f});
        assertThat(Files.readAllBytes(vector)).isEqualTo(Files.readAllBytes(fixture("vector_f4.npy")));

        Path labels = dir.resolve("l.npy");
        NpyWriter.writeLabels(labels, new int[] {0, 3, 1, 2});
        assertThat(Files.readAllBytes(labels)).isEqualTo(Files.readAllBytes(fixture("labels_i4.npy")));
    }

    @Test
    void roundTripsAMatrixLargerThanOneWriteChunk() throws Exception {
        int rows = 700;
        int cols = 1000;
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) Math.sin(i * 0.001);
        }
        Path file = dir.resolve("big.npy");
        NpyWriter.writeMatrix(file, new FloatRows(rows, cols, values));
        FloatRows read = NpyReader.readMatrix(file);
        assertThat(read.rows()).isEqualTo(rows);
        assertThat(read.cols()).isEqualTo(cols);
        // Arrays.equals: AssertJ's element-by-element containsExactly takes most of a minute on 700k floats
        assertThat(Arrays.equals(read.data(), values))
                .as("every value read back bit for bit")
                .isTrue();
    }
}
