package io.streambind.learner.state;

/**
 * Composite store keys: fields joined by NUL, numbers as fixed-width hex, so that the stores' byte
 * order (UTF-8 keeps code point order) is the logical order and a model's entries share a prefix.
 * Names are checked by {@code Names} to hold no NUL before they reach a key.
 */
public final class StoreKeys {
    static final char SEPARATOR = '\u0000';

    private StoreKeys() {}

    public static String of(String first, String... rest) {
        StringBuilder key = new StringBuilder(first);
        for (String field : rest) {
            key.append(SEPARATOR).append(field);
        }
        return key.toString();
    }

    /** The prefix every key starting with these fields shares. */
    public static String prefix(String first, String... rest) {
        return of(first, rest) + SEPARATOR;
    }

    public static String number(long value) {
        return String.format("%016x", value);
    }

    public static String index(int value) {
        return String.format("%08x", value);
    }

    /** The last field of a key. */
    public static String firstField(String key) {
        int end = key.indexOf(SEPARATOR);
        return end < 0 ? key : key.substring(0, end);
    }

    public static String lastField(String key) {
        return key.substring(key.lastIndexOf(SEPARATOR) + 1);
    }

    /** The key without its last field. */
    public static String parent(String key) {
        return key.substring(0, key.lastIndexOf(SEPARATOR));
    }
}
