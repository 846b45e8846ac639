package io.streambind.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parsed header of a {@code .npy} file (format 1.0 or 2.0, C order), checked against the file
 * size so that a truncated file is caught before any data is read.
 *
 * @param dtype element type
 * @param shape dimensions; {@code ()} is a scalar
 * @param dataOffset byte offset of the first element
 */
public record NpyHeader(NpyDtype dtype, long[] shape, long dataOffset) {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    // Headers beyond this are not written by numpy for plain arrays; the cap stops a corrupt length from
    // allocating gigabytes.
    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** Number of elements (product of the shape). */
    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    public long dataBytes() {
        return Math.multiplyExact(elementCount(), dtype.itemSize());
    }

    public int rank() {
        return shape.length;
    }

    /** Reads and checks the header of {@code file}; the data is not read. */
    public static NpyHeader read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NpyFormatException(file, "file does not exist");
        }
        long fileSize = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] prefix = in.readNBytes(MAGIC.length + 2);
            if (prefix.length < MAGIC.length + 2 || !Arrays.equals(Arrays.copyOf(prefix, MAGIC.length), MAGIC)) {
                throw new NpyFormatException(file, "not a .npy file (bad magic)");
            }
            int major = prefix[MAGIC.length];
            int minor = prefix[MAGIC.length + 1];
            int lengthBytes = switch (major) {
                case 1 -> 2;
                case 2 -> 4;
                default ->
                    throw new NpyFormatException(
                            file, "unsupported .npy format version " + major + "." + minor + " (1.0 and 2.0 are read)");
            };
            byte[] lengthField = in.readNBytes(lengthBytes);
            if (lengthField.length < lengthBytes) {
                throw new NpyFormatException(file, "truncated header");
            }
            ByteBuffer lengthBuffer = ByteBuffer.wrap(lengthField).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = lengthBytes == 2
                    ? Short.toUnsignedInt(lengthBuffer.getShort())
                    : Integer.toUnsignedLong(lengthBuffer.getInt());
            if (headerLength > MAX_HEADER_BYTES) {
                throw new NpyFormatException(file, "header length " + headerLength + " is implausible");
            }
            byte[] headerBytes = in.readNBytes((int) headerLength);
            if (headerBytes.length < headerLength) {
                throw new NpyFormatException(file, "truncated header");
            }
            long dataOffset = MAGIC.length + 2L + lengthBytes + headerLength;
            NpyHeader header = parse(file, new String(headerBytes, StandardCharsets.ISO_8859_1), dataOffset);
            long expected = dataOffset + header.dataBytes();
            if (fileSize < expected) {
                throw new NpyFormatException(
                        file,
                        "truncated data: shape " + Arrays.toString(header.shape) + " needs " + header.dataBytes()
                                + " bytes, file holds " + (fileSize - dataOffset));
            }
            if (fileSize > expected) {
                throw new NpyFormatException(file, (fileSize - expected) + " unexpected bytes after the data");
            }
            return header;
        }
    }

    private static NpyHeader parse(Path file, String text, long dataOffset) throws NpyFormatException {
        Matcher descr = DESCR.matcher(text);
        if (!descr.find()) {
            throw new NpyFormatException(
                    file, "header has no simple 'descr' (structured dtypes are not supported): " + text.trim());
        }
        String descrValue = descr.group(1);
        if (descrValue.startsWith(">")) {
            throw new NpyFormatException(
                    file, "big-endian dtype " + descrValue + " is not supported; save little-endian");
        }
        NpyDtype dtype = NpyDtype.fromDescr(descrValue)
                .orElseThrow(() -> new NpyFormatException(
                        file, "unsupported dtype " + descrValue + " (expected <f4, <i4 or <i8)"));
        Matcher fortran = FORTRAN.matcher(text);
        if (!fortran.find()) {
            throw new NpyFormatException(file, "header has no 'fortran_order'");
        }
        if (fortran.group(1).equals("True")) {
            throw new NpyFormatException(
                    file, "fortran_order=True is not supported; save C order (np.ascontiguousarray)");
        }
        Matcher shape = SHAPE.matcher(text);
        if (!shape.find()) {
            throw new NpyFormatException(file, "header has no 'shape'");
        }
        return new NpyHeader(dtype, parseShape(file, shape.group(1)), dataOffset);
    }

    private static long[] parseShape(Path file, String tuple) throws NpyFormatException {
        String[] parts = tuple.split(",");
        long[] dims = new long[parts.length];
        int count = 0;
        for (String part : parts) {
            String trimmed = part.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            try {
                dims[count] =
                        Long.parseLong(trimmed.endsWith("L") ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
            } catch (NumberFormatException e) {
                throw new NpyFormatException(file, "bad shape (" + tuple + ")");
            }
            if (dims[count] < 0) {
                throw new NpyFormatException(file, "negative dimension in shape (" + tuple + ")");
            }
            count++;
        }
        return Arrays.copyOf(dims, count);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NpyHeader h
                && h.dtype == dtype
                && Arrays.equals(h.shape, shape)
                && h.dataOffset == dataOffset;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Long.hashCode(dataOffset);
    }

    @Override
    public String toString() {
        return dtype.descr() + Arrays.toString(shape);
    }
}
