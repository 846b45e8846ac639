package io.streambind.schemas.codec;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * Class labels between {@code int[]} and the {@code List<Integer>} Avro's generated classes use for
 * {@code array<int>}. Labels are optional and one per row, so the boxing stays small.
 */
public final class IntLabels {
    private IntLabels() {}

    /** A read-only list view of {@code labels}, no copy; null stays null (the field is optional). */
    public static List<Integer> toList(int[] labels) {
        if (labels == null) {
            return null;
        }
        return new IntListView(labels);
    }

    public static int[] toArray(List<Integer> labels) {
        if (labels == null) {
            return null;
        }
        int[] values = new int[labels.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = labels.get(i);
        }
        return values;
    }

    private static final class IntListView extends AbstractList<Integer> implements RandomAccess {
        private final int[] values;

        IntListView(int[] values) {
            this.values = values;
        }

        @Override
        public Integer get(int index) {
            return values[index];
        }

        @Override
        public int size() {
            return values.length;
        }
    }
}
