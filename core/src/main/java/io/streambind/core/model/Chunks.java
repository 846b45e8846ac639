package io.streambind.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Splits state bytes into records that fit Kafka's default 1 MiB limit, and joins them back. */
public final class Chunks {
    public static final int DEFAULT_MAX_BYTES = 512 * 1024;

    private Chunks() {}

    public static List<byte[]> split(byte[] bytes) {
        return split(bytes, DEFAULT_MAX_BYTES);
    }

    /** Consecutive pieces of at most {@code maxBytes}; one empty piece for empty input. */
    public static List<byte[]> split(byte[] bytes, int maxBytes) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("chunk size must be positive, got " + maxBytes);
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int from = 0; from < bytes.length || chunks.isEmpty(); from += maxBytes) {
            chunks.add(Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + maxBytes)));
        }
        return chunks;
    }

    public static byte[] join(List<byte[]> chunks) {
        long total = 0;
        for (byte[] c : chunks) {
            total += c.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("joined chunks would hold " + total + " bytes, more than an array can");
        }
        byte[] out = new byte[(int) total];
        int at = 0;
        for (byte[] c : chunks) {
            System.arraycopy(c, 0, out, at, c.length);
            at += c.length;
        }
        return out;
    }
}
