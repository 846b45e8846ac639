package io.streambind.core.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings that were renamed: configuration files and stored model states written with a former name keep
 * working, read as the current name.
 */
public final class RenamedKeys {
    private RenamedKeys() {}

    /**
     * A copy of {@code values} with every former name in {@code renamed} (former name to current name) replaced
     * by its current name.
     *
     * @throws IllegalArgumentException when a setting is given under both names with different values
     */
    public static <V> Map<String, V> toCurrentNames(Map<String, V> values, Map<String, String> renamed) {
        Map<String, V> current = new LinkedHashMap<>(values);
        for (Map.Entry<String, String> rename : renamed.entrySet()) {
            if (!current.containsKey(rename.getKey())) {
                continue;
            }
            V value = current.remove(rename.getKey());
            V given = current.putIfAbsent(rename.getValue(), value);
            if (given != null && !given.equals(value)) {
                throw new IllegalArgumentException("'" + rename.getValue() + "' is set to '" + given
                        + "' and its former name '" + rename.getKey() + "' to '" + value + "': set only "
                        + rename.getValue());
            }
        }
        return current;
    }
}
