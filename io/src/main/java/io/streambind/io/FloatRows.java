package io.streambind.io;

/**
 * A row-major float32 matrix of {@code rows x cols}: the layout every StreamBind batch, head and wire
 * record uses.
 */
public record FloatRows(int rows, int cols, float[] data) {
    public FloatRows {
        if (rows < 0 || cols < 0 || (long) rows * cols != data.length) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " is not rows x cols = " + rows + " x " + cols);
        }
    }
}
