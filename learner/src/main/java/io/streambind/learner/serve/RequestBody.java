package io.streambind.learner.serve;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A request body read through a byte limit and a deadline. It never reads a byte past the limit: a body
 * that declares a larger Content-Length is refused before any of it is read, and one without a declared
 * length that reaches the limit is refused there.
 */
final class RequestBody extends InputStream {
    /** The body goes past the limit. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("request body over " + limit + " bytes (learner.embed.max.request.bytes)", null);
        }
    }

    /** The body was still arriving at the deadline. */
    static final class TooSlow extends IOException {
        TooSlow(Duration timeout) {
            super(
                    "request body still arriving after " + timeout.toMillis() + " ms (learner.http.request.timeout.ms)",
                    null);
        }
    }

    private final InputStream in;
    private final long limit;
    private final boolean lengthDeclared;
    private final Duration timeout;
    private final long deadline;
    private long remaining;

    private RequestBody(InputStream in, long limit, boolean lengthDeclared, Duration timeout) {
        this.in = in;
        this.limit = limit;
        this.lengthDeclared = lengthDeclared;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.remaining = limit;
    }

    /** The exchange's body, or 413 at once when its declared length is over {@code maxBytes}. */
    static RequestBody of(HttpExchange exchange, int maxBytes, Duration timeout) throws HttpError {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared == null) {
            return new RequestBody(exchange.getRequestBody(), maxBytes, false, timeout);
        }
        long length;
        try {
            length = Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            throw new HttpError(400, "Content-Length is not a number");
        }
        if (length > maxBytes) {
            throw new HttpError(413, new TooLarge(maxBytes).getMessage());
        }
        return new RequestBody(exchange.getRequestBody(), length, true, timeout);
    }

    /** The whole body (at most the limit), for forwarding it as it came. */
    byte[] readAll() throws HttpError {
        try {
            return readAllBytes();
        } catch (IOException e) {
            throw error(e);
        }
    }

    /** The answer to a failed read: 413 past the limit, 408 past the deadline, 400 for a body cut short. */
    static HttpError error(IOException e) {
        if (e instanceof TooLarge) {
            return new HttpError(413, e.getMessage());
        }
        if (e instanceof TooSlow) {
            return new HttpError(408, e.getMessage());
        }
        return new HttpError(400, "the request body could not be read");
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (System.nanoTime() > deadline) {
            throw new TooSlow(timeout);
        }
        if (remaining == 0) {
            // A declared length ends the body here; an undeclared one may go on, and reading on would pass the limit.
            if (lengthDeclared) {
                return -1;
            }
            throw new TooLarge(limit);
        }
        int read = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (read > 0) {
            remaining -= read;
        }
        return read;
    }
}
