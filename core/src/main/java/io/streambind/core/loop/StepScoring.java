package io.streambind.core.loop;

import io.streambind.core.eval.TaskPair;
import io.streambind.core.model.ContinualModel;
import java.util.List;

/**
 * Evaluates a model right after a step end. Replay keeps test pairs and prompts in memory, the learner in
 * its store; both score through core's {@code Evaluator}.
 *
 * @param <F> the figures the caller reports
 */
@FunctionalInterface
public interface StepScoring<F> {
    /** The figures of {@code model} right after closing {@code step}, in which {@code trained} were trained. */
    F evaluate(ContinualModel model, long step, List<TaskPair> trained);
}
