package io.streambind.core.model;

/** A batch the model cannot train on; the message is the one-sentence reason for the dead-letter topic. */
public final class RejectedBatchException extends IllegalArgumentException {
    private final BatchProblem problem;

    public RejectedBatchException(BatchProblem problem) {
        super(problem.message());
        this.problem = problem;
    }

    public BatchProblem problem() {
        return problem;
    }
}
