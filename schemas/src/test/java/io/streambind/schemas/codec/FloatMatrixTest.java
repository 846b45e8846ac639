package io.streambind.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.schemas.SampleRecords;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FloatMatrixTest {

    @Test
    void writesLittleEndianFloat32() {
        ByteBuffer bytes = FloatMatrix.toBytes(new float[] {1.0f, -2.5f});
        // IEEE 754: 1.0f = 0x3F800000, -2.5f = 0xC0200000; little-endian puts the low byte first.
        assertThat(bytes.array()).containsExactly(0x00, 0x00, (byte) 0x80, 0x3F, 0x00, 0x00, 0x20, (byte) 0xC0);
        assertThat(bytes.position()).isZero();
    }

    @Test
    void roundTripsBitExactlyIncludingSpecialValues() {
        float[] values = SampleRecords.randomFloats(64 * 1024, 42);
        values[0] = Float.NaN;
        values[1] = Float.NEGATIVE_INFINITY;
        values[2] = -0.0f;
        values[3] = Float.MIN_VALUE;
        float[] back = FloatMatrix.toFloats(FloatMatrix.toBytes(values), 64, 1024);
        for (int i = 0; i < values.length; i++) {
            assertThat(Float.floatToRawIntBits(back[i]))
                    .as("element %d", i)
                    .isEqualTo(Float.floatToRawIntBits(values[i]));
        }
    }

    @Test
    void encodesASliceAndReadsIntoAnOffsetWithoutMovingTheBuffer() {
        float[] values = {9, 1, 2, 3, 9};
        ByteBuffer bytes = FloatMatrix.toBytes(values, 1, 3);
        float[] target = new float[5];
        FloatMatrix.readInto(bytes, target, 2, 3);
        assertThat(target).containsExactly(0, 0, 1, 2, 3);
        assertThat(bytes.remaining()).isEqualTo(12);
    }

    @Test
    void rejectsAShapeThatDisagreesWithTheByteLength() {
        ByteBuffer bytes = FloatMatrix.toBytes(new float[6]);
        assertThatThrownBy(() -> FloatMatrix.toFloats(bytes, 2, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 x 4")
                .hasMessageContaining("32")
                .hasMessageContaining("24");
        assertThatThrownBy(() -> FloatMatrix.toFloats(ByteBuffer.allocate(7)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void convertsLabelsBothWays() {
        List<Integer> list = IntLabels.toList(new int[] {3, 1, 4});
        assertThat(list).containsExactly(3, 1, 4);
        assertThat(IntLabels.toArray(List.of(2, 7))).containsExactly(2, 7);
        assertThat(IntLabels.toList(null)).isNull();
        assertThat(IntLabels.toArray(null)).isNull();
    }
}
