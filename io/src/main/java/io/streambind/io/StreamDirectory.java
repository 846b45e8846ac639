package io.streambind.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated stream directory: {@code DIR/stream.jsonl} plus the {@code .npy} files it names.
 * {@link #open} checks the whole directory before anything is used; batch data is read lazily, one
 * event at a time, so a paper-scale stream never sits in memory.
 */
public final class StreamDirectory {
    private final Path dir;
    private final List<StreamEvent> events;
    private final Map<String, Integer> widths;

    StreamDirectory(Path dir, List<StreamEvent> events, Map<String, Integer> widths) {
        this.dir = dir;
        this.events = List.copyOf(events);
        this.widths = Map.copyOf(widths);
    }

    /** Opens and validates {@code dir}; throws {@link StreamDirectoryException} naming file and line. */
    public static StreamDirectory open(Path dir) throws IOException {
        return new StreamDirectoryValidator(dir).validate();
    }

    public Path dir() {
        return dir;
    }

    public List<StreamEvent> events() {
        return events;
    }

    /** Input width of every modality in the stream. */
    public Map<String, Integer> widths() {
        return widths;
    }

    public static Path streamFile(Path dir) {
        return dir.resolve(StreamJsonl.FILE_NAME);
    }
}
