package io.streambind.io;

import java.io.IOException;
import java.nio.file.Path;

/** A stream directory that fails validation; the message names the file and the jsonl line. */
public final class StreamDirectoryException extends IOException {
    public StreamDirectoryException(Path streamFile, int line, String reason) {
        super(streamFile + " line " + line + ": " + reason);
    }

    public StreamDirectoryException(Path streamFile, String reason) {
        super(streamFile + ": " + reason);
    }
}
