package io.streambind.core.model;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Big-endian binary writer for the state codec; floats and doubles are written bit for bit. */
final class StateWriter {
  private ByteBuffer buffer = ByteBuffer.allocate(1024);

  StateWriter int32(int v) {
    ensure(4).putInt(v);
    return this;
  }

  StateWriter int64(long v) {
    ensure(8).putLong(v);
    return this;
  }

  StateWriter bool(boolean v) {
    ensure(1).put((byte) (v ? 1 : 0));
    return this;
  }

  StateWriter string(String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    int32(utf8.length);
    ensure(utf8.length).put(utf8);
    return this;
  }

  StateWriter bytes(byte[] b) {
    int32(b.length);
    ensure(b.length).put(b);
    return this;
  }

  StateWriter floats(float[] values) {
    int32(values.length);
    ByteBuffer b = ensure(4L * values.length);
    b.asFloatBuffer().put(values);
    b.position(b.position() + 4 * values.length);
    return this;
  }

  StateWriter doubles(double[] values) {
    int32(values.length);
    ByteBuffer b = ensure(8L * values.length);
    b.asDoubleBuffer().put(values);
    b.position(b.position() + 8 * values.length);
    return this;
  }

  /** Floats, or only their count when every value is +0.0f (Adam moments right after a step end). */
  StateWriter floatsOrZero(float[] values) {
    for (float v : values) {
      if (Float.floatToRawIntBits(v) != 0) {
        return bool(false).floats(values);
      }
    }
    return bool(true).int32(values.length);
  }

  /** A column-major dim x dim double matrix in its most compact bit-exact {@link SquareLayout}. */
  StateWriter square(double[] values, int dim) {
    SquareLayout layout = SquareLayout.of(values, dim);
    ensure(1).put((byte) layout.ordinal());
    switch (layout) {
      case ZERO -> { }
      case FULL -> doubles(values);
      case SYMMETRIC, UPPER -> {
        double[] upper = new double[(int) layout.storedValues(dim)];
        for (int c = 0, at = 0; c < dim; c++) {
          System.arraycopy(values, c * dim, upper, at, c + 1);
          at += c + 1;
        }
        doubles(upper);
      }
    }
    return this;
  }

  byte[] toBytes() {
    return Arrays.copyOf(buffer.array(), buffer.position());
  }

  private ByteBuffer ensure(long more) {
    long needed = buffer.position() + more;
    if (needed > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("state of " + needed + " bytes does not fit one array");
    }
    if (needed > buffer.capacity()) {
      long capacity = Math.max(needed, Math.min(Integer.MAX_VALUE - 8L, 2L * buffer.capacity()));
      ByteBuffer grown = ByteBuffer.allocate((int) capacity);
      buffer.flip();
      grown.put(buffer);
      buffer = grown;
    }
    return buffer;
  }
}
