package io.streambind.io;

import java.util.Optional;

/** The element types StreamBind reads and writes: little-endian float32 features and int labels. */
public enum NpyDtype {
    FLOAT32("<f4", 4),
    INT32("<i4", 4),
    INT64("<i8", 8);

    private final String descr;
    private final int itemSize;

    NpyDtype(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** The numpy {@code descr} string, e.g. {@code <f4}. */
    public String descr() {
        return descr;
    }

    public int itemSize() {
        return itemSize;
    }

    public boolean isInteger() {
        return this != FLOAT32;
    }

    static Optional<NpyDtype> fromDescr(String descr) {
        for (NpyDtype dtype : values()) {
            if (dtype.descr.equals(descr)) {
                return Optional.of(dtype);
            }
        }
        return Optional.empty();
    }
}
