package io.streambind.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A validated batch line: shapes are known, the data is read by {@link #load()}.
 *
 * @param labels label file, or null
 */
public record BatchEvent(
        int line,
        String task,
        Split split,
        String modalityA,
        String modalityB,
        Path xa,
        Path xb,
        Path labels,
        int rows,
        int widthA,
        int widthB)
        implements StreamEvent {

    public PairBatch load() throws IOException {
        return new PairBatch(
                task,
                split,
                modalityA,
                modalityB,
                NpyReader.readMatrix(xa),
                NpyReader.readMatrix(xb),
                labels == null ? null : NpyReader.readLabels(labels));
    }
}
