package io.streambind.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Reads fixtures written by numpy (see src/test/resources/npy/make_fixtures.py). */
class NpyReaderTest {
    static Path fixture(String name) {
        try {
            return Path.of(NpyReaderTest.class.getResource("/npy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The fixture matrix as numpy computes it in float32: arange(12).reshape(3, 4) / 8 - 0.7. */
    static float[] expectedMatrix() {
        float[] values = new float[12];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) i / 8f - 0.7f;
        }
        return values;
    }

    @Test
    void readsFloatMatrixInBothHeaderVersions() throws Exception {
        for (String name : new String[] {"matrix_f4.npy", "matrix_f4_v2.npy"}) {
            FloatRows matrix = NpyReader.readMatrix(fixture(name));
            assertThat(matrix.rows()).isEqualTo(3);
            assertThat(matrix.cols()).isEqualTo(4);
            assertThat(matrix.data()).containsExactly(expectedMatrix());
        }
    }

    @Test
    void readsVectorAndLabels() throws Exception {
        assertThat(NpyReader.readVector(fixture("vector_f4.npy"))).containsExactly(1.5f, -2.25f, 3e-8f);
        assertThat(NpyReader.readLabels(fixture("labels_i4.npy"))).containsExactly(0, 3, 1, 2);
        assertThat(NpyReader.readLabels(fixture("labels_i8.npy"))).containsExactly(2, 0, 1);
    }

    @Test
    void rejectsWhatItCannotReadNamingTheFile() {
        expectRejected("matrix_f8.npy", "unsupported dtype <f8");
        expectRejected("matrix_big_endian.npy", "big-endian");
        expectRejected("matrix_fortran.npy", "fortran_order=True");
        expectRejected("matrix_truncated.npy", "truncated data");
        expectRejected("not_npy.npy", "bad magic");
        expectRejected("missing.npy", "does not exist");
    }

    @Test
    void rejectsWrongKindForTheUse() {
        assertThatThrownBy(() -> NpyReader.readMatrix(fixture("labels_i4.npy")))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("expected <f4");
        assertThatThrownBy(() -> NpyReader.readLabels(fixture("matrix_f4.npy")))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("labels must be <i4 or <i8");
        assertThatThrownBy(() -> NpyReader.readVector(fixture("matrix_f4.npy")))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("expected 1-D");
        assertThatThrownBy(() -> NpyReader.readLabels(fixture("big_labels_i8.npy")))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining("does not fit an int");
    }

    @Test
    void findsFirstNonFiniteElement() throws Exception {
        Path nan = fixture("matrix_nan.npy");
        assertThat(NpyReader.firstNonFinite(nan, NpyHeader.read(nan))).isEqualTo(1);
        Path clean = fixture("matrix_f4.npy");
        assertThat(NpyReader.firstNonFinite(clean, NpyHeader.read(clean))).isEqualTo(-1);
    }

    private static void expectRejected(String name, String reason) {
        Path file = name.equals("missing.npy") ? fixture("matrix_f4.npy").resolveSibling(name) : fixture(name);
        assertThatThrownBy(() -> NpyReader.readMatrix(file))
                .isInstanceOf(NpyFormatException.class)
                .hasMessageContaining(name)
                .hasMessageContaining(reason);
    }
}
