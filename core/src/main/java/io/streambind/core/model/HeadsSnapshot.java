package io.streambind.core.model;

import io.streambind.core.config.DnsConfig;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * Heads only (W and b per modality) plus provenance: what serving and {@code streambind.models}
 * need, without Adam state or history. Has its own versioned bytes codec.
 *
 * <p>Format 2 lets a published version leave out a head that an earlier version already carries,
 * naming that version instead ({@link Published}); format 1 carried every head.
 */
public record HeadsSnapshot(Provenance provenance, SortedMap<String, Head> heads) {
    private static final int MAGIC = 0x53424853; // "SBHS"
    public static final int FORMAT_VERSION = 2;
    private static final int OLDEST_READABLE_VERSION = 1;
    /** Written in place of a version: the head's weights follow. */
    private static final long CARRIED_HERE = -1;

    /** One head: W row-major outputWidth x inputWidth, b of outputWidth. */
    public record Head(int inputWidth, int outputWidth, float[] weights, float[] bias) {}

    /** A head a version does not carry: its shape and the version that carries its weights. */
    public record Reference(int inputWidth, int outputWidth, long version) {}

    /**
     * One version as published: the heads it carries and, for every other head, the version that carries it.
     * A version that carries every head is complete on its own.
     */
    public record Published(
            Provenance provenance, SortedMap<String, Head> carried, SortedMap<String, Reference> references) {
        public boolean complete() {
            return references.isEmpty();
        }

        /**
         * The whole snapshot, each head not carried here taken from the version that carries it.
         *
         * @param versions the published versions this one refers to, by version number
         * @throws StateFormatException if a referred version does not carry the head in the same shape
         */
        public HeadsSnapshot resolve(LongFunction<Published> versions) {
            SortedMap<String, Head> heads = new TreeMap<>(carried);
            references.forEach((name, reference) -> {
                Head head = versions.apply(reference.version()).carried().get(name);
                if (head == null
                        || head.inputWidth() != reference.inputWidth()
                        || head.outputWidth() != reference.outputWidth()) {
                    throw new StateFormatException(
                            "heads snapshot v" + provenance.steps() + " takes head '" + name + "' ("
                                    + reference.inputWidth() + " -> " + reference.outputWidth() + ") from v"
                                    + reference.version()
                                    + ", which does not carry it in that shape");
                }
                heads.put(name, head);
            });
            return new HeadsSnapshot(provenance, heads);
        }
    }

    /** Every head carried (format 2). */
    public byte[] toBytes() {
        SortedMap<String, Entry> entries = new TreeMap<>();
        heads.forEach((name, h) -> entries.put(
                name,
                new Entry(
                        carriedBytes(name, h.inputWidth(), h.outputWidth()),
                        out -> out.string(name)
                                .int32(h.inputWidth())
                                .int32(h.outputWidth())
                                .int64(CARRIED_HERE)
                                .floats(h.weights())
                                .floats(h.bias()))));
        return write(provenance, entries);
    }

    /** A head as a model stores it: W~ = [W | b], column-major outputWidth x (inputWidth + 1). */
    record StoredHead(int inputWidth, int outputWidth, FloatBuffer columnMajor) {}

    /**
     * A version carrying {@code carried}, written straight from their storage (no copies, one pass), and
     * naming for each head of {@code references} the version that carries it.
     */
    static byte[] encode(
            Provenance provenance, SortedMap<String, StoredHead> carried, SortedMap<String, Reference> references) {
        SortedMap<String, Entry> entries = new TreeMap<>();
        carried.forEach((name, h) -> entries.put(
                name,
                new Entry(
                        carriedBytes(name, h.inputWidth(), h.outputWidth()),
                        out -> out.string(name)
                                .int32(h.inputWidth())
                                .int32(h.outputWidth())
                                .int64(CARRIED_HERE)
                                .rowMajor(h.columnMajor(), h.outputWidth(), h.inputWidth())
                                .floats(h.columnMajor(), h.inputWidth() * h.outputWidth(), h.outputWidth()))));
        references.forEach((name, r) -> entries.put(
                name,
                new Entry(
                        nameAndShapeBytes(name) + 8,
                        out -> out.string(name)
                                .int32(r.inputWidth())
                                .int32(r.outputWidth())
                                .int64(r.version()))));
        return write(provenance, entries);
    }

    /** One head's bytes after the header: how many, and how to write them. */
    private record Entry(int bytes, Consumer<StateWriter> write) {}

    /** The header, then every entry in name order, into a writer of exactly their size. */
    private static byte[] write(Provenance provenance, SortedMap<String, Entry> entries) {
        byte[] header = header(provenance, entries.size());
        StateWriter out = new StateWriter(header.length
                        + entries.values().stream().mapToInt(Entry::bytes).sum())
                .raw(header);
        entries.values().forEach(entry -> entry.write().accept(out));
        return out.toBytes();
    }

    private static byte[] header(Provenance provenance, int headCount) {
        StateWriter out = new StateWriter().int32(MAGIC).int32(FORMAT_VERSION);
        SortedMap<String, String> config = DnsConfig.storedNames(provenance.config());
        out.int32(config.size());
        config.forEach((k, v) -> out.string(k).string(v));
        out.int64(provenance.steps()).int64(provenance.samplesSeen()).int64(provenance.batchesSeen());
        return out.int32(headCount).toBytes();
    }

    /** Bytes of one carried head after the header: name, widths, marker, W, b (each array with its length). */
    private static int carriedBytes(String name, int inputWidth, int outputWidth) {
        return nameAndShapeBytes(name) + 8 + 4 + 4 * inputWidth * outputWidth + 4 + 4 * outputWidth;
    }

    private static int nameAndShapeBytes(String name) {
        return 4 + name.getBytes(StandardCharsets.UTF_8).length + 4 + 4;
    }

    /**
     * A complete snapshot (format 1, or format 2 carrying every head).
     *
     * @throws StateFormatException for a version that refers to others: {@link #decode} and resolve those
     */
    public static HeadsSnapshot fromBytes(byte[] bytes) {
        Published version = decode(bytes);
        if (!version.complete()) {
            throw new StateFormatException(
                    "heads snapshot v" + version.provenance().steps() + " takes heads "
                            + version.references().keySet() + " from earlier versions: decode it and resolve them");
        }
        return new HeadsSnapshot(version.provenance(), version.carried());
    }

    /** A published version of either format. */
    public static Published decode(byte[] bytes) {
        StateReader in =
                new StateReader(bytes, "heads snapshot").expectHeader(MAGIC, OLDEST_READABLE_VERSION, FORMAT_VERSION);
        int keys = in.int32();
        SortedMap<String, String> config = new TreeMap<>();
        for (int i = 0; i < keys; i++) {
            config.put(in.string(), in.string());
        }
        Provenance provenance = new Provenance(DnsConfig.currentNames(config), in.int64(), in.int64(), in.int64());
        int count = in.int32();
        SortedMap<String, Head> carried = new TreeMap<>();
        SortedMap<String, Reference> references = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.string();
            int inputWidth = in.int32();
            int outputWidth = in.int32();
            if (inputWidth <= 0
                    || outputWidth <= 0
                    || inputWidth > ContinualModel.MAX_WIDTH
                    || outputWidth > ContinualModel.MAX_WIDTH) {
                throw in.invalid("head '" + name + "' has impossible widths " + inputWidth + " -> " + outputWidth);
            }
            long carriedBy = in.version() >= 2 ? in.int64() : CARRIED_HERE;
            if (carriedBy == CARRIED_HERE) {
                carried.put(
                        name,
                        new Head(
                                inputWidth,
                                outputWidth,
                                in.floats((long) inputWidth * outputWidth),
                                in.floats(outputWidth)));
            } else if (carriedBy >= 0 && carriedBy < provenance.steps()) {
                references.put(name, new Reference(inputWidth, outputWidth, carriedBy));
            } else {
                throw in.invalid("head '" + name + "' of v" + provenance.steps() + " refers to v" + carriedBy
                        + ", not an earlier version");
            }
        }
        in.expectEnd();
        return new Published(provenance, carried, references);
    }
}
