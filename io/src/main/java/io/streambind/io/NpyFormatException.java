package io.streambind.io;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code .npy} file that this reader does not accept; the message names the file and the reason. */
public final class NpyFormatException extends IOException {
    private final transient Path file;

    public NpyFormatException(Path file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
