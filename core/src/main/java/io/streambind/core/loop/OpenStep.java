package io.streambind.core.loop;

import io.streambind.core.eval.TaskPair;
import java.util.ArrayList;
import java.util.List;

/**
 * What the open step has trained so far: per modality pair its losses, and the tasks in the order they
 * were first trained (evaluation's BWT and stability refer to them). The learner keeps it in its
 * manifest, because the redo log alone cannot rebuild it once a snapshot has cleared the log.
 */
public final class OpenStep {
    private final ArrayList<PairProgress> pairs = new ArrayList<>();
    private final ArrayList<TaskPair> trainedTasks = new ArrayList<>();

    /** Pairs trained in the step, in the order they first appeared. */
    public List<PairProgress> pairs() {
        return List.copyOf(pairs);
    }

    public List<TaskPair> trainedTasks() {
        return List.copyOf(trainedTasks);
    }

    void record(TaskPair task, int rows, double loss) {
        pair(task.modalityA(), task.modalityB()).add(task.task(), rows, loss);
        if (!trainedTasks.contains(task)) {
            trainedTasks.add(task);
        }
    }

    /** Starts the next step's progress. */
    void clear() {
        pairs.clear();
        trainedTasks.clear();
    }

    private PairProgress pair(String modalityA, String modalityB) {
        for (PairProgress pair : pairs) {
            if (pair.modalityA().equals(modalityA) && pair.modalityB().equals(modalityB)) {
                return pair;
            }
        }
        PairProgress pair = new PairProgress(modalityA, modalityB);
        pairs.add(pair);
        return pair;
    }
}
