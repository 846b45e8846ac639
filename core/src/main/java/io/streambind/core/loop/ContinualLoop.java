package io.streambind.core.loop;

import io.streambind.core.eval.TaskPair;
import io.streambind.core.model.BatchProblem;
import io.streambind.core.model.BatchResult;
import io.streambind.core.model.BatchShape;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.RejectedBatchException;
import io.streambind.core.model.ResourceLimits;
import io.streambind.core.model.StepResult;

/**
 * The continual loop of one model, which offline replay and the streaming learner both drive so that they
 * cannot drift apart: a train batch is checked against the limits, trained and counted in the open step; a
 * step end folds the history, evaluates with the tasks the step trained and starts the next step. Test
 * pairs and prompts only feed the evaluation, which the caller keeps (see {@link StepScoring}).
 *
 * <p>Pure: the model and the open step are its whole state; no I/O, no clock.
 */
public final class ContinualLoop {
    private final ContinualModel model;
    private final OpenStep open;
    private final ResourceLimits limits;

    public ContinualLoop(ContinualModel model, OpenStep open, ResourceLimits limits) {
        this.model = model;
        this.open = open;
        this.limits = limits;
    }

    /** Why {@link #train} would refuse the batch, null when it would not; a full pass over the values. */
    public BatchProblem problem(BatchShape shape) {
        BatchProblem overLimit = limits.problem(model, shape);
        return overLimit != null ? overLimit : model.problem(shape);
    }

    /**
     * One training iteration on a train batch of {@code task}, counted in the open step. A batch the limits
     * or the model refuse throws {@link RejectedBatchException} and changes neither.
     */
    public BatchResult train(TaskPair task, BatchShape shape) {
        BatchProblem overLimit = limits.problem(model, shape);
        if (overLimit != null) {
            throw new RejectedBatchException(overLimit);
        }
        BatchResult result = apply(model, shape);
        open.record(task, shape.rows(), result.loss());
        return result;
    }

    /**
     * The iteration alone, the one way a batch reaches a model: {@link #train} and a learner re-applying
     * its redo log (whose step progress it stored) take the same bytes to the same state.
     */
    public static BatchResult apply(ContinualModel model, BatchShape shape) {
        return model.train(
                shape.modalityA(),
                shape.inputsA(),
                shape.widthA(),
                shape.modalityB(),
                shape.inputsB(),
                shape.widthB(),
                shape.rows());
    }

    /** Closes the open step: the fold and base refresh, then the evaluation; the next step starts empty. */
    public <F> ClosedStep<F> endStep(StepScoring<F> scoring) {
        StepResult result = model.endStep();
        F figures = scoring.evaluate(model, result.step(), open.trainedTasks());
        ClosedStep<F> closed = new ClosedStep<>(result, open.pairs(), open.trainedTasks(), figures);
        open.clear();
        return closed;
    }
}
