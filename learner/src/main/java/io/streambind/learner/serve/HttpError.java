package io.streambind.learner.serve;

/** A request the server answers with a 4xx/5xx status and this message (never a stack trace). */
final class HttpError extends Exception {
    private final int status;

    HttpError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
