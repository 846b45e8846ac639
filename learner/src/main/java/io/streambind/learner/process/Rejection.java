package io.streambind.learner.process;

/** A record the learner cannot use: it goes to the dead-letter topic with this reason and detail. */
final class Rejection extends Exception {
    private final String reason;
    private final String errorClass;

    Rejection(String reason, String detail) {
        this(reason, detail, "");
    }

    Rejection(String reason, String detail, String errorClass) {
        super(detail, null, false, false);
        this.reason = reason;
        this.errorClass = errorClass;
    }

    /** The class of the exception behind it (the decoder's), empty for a failed validation. */
    String errorClass() {
        return errorClass;
    }

    /** Short tag (metric tag and DLQ header), one of {@link DeadLetterReason}. */
    String reason() {
        return reason;
    }
}
