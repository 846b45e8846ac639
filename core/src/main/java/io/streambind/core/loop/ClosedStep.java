package io.streambind.core.loop;

import io.streambind.core.eval.TaskPair;
import io.streambind.core.model.StepResult;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** What a step end did: the fold, the step's training progress, and the evaluation that followed. */
public record ClosedStep<F>(StepResult result, List<PairProgress> pairs, List<TaskPair> trained, F figures) {
    /** Every modality a pair of the step trained. */
    public Set<String> trainedModalities() {
        Set<String> modalities = new TreeSet<>();
        for (PairProgress pair : pairs) {
            modalities.add(pair.modalityA());
            modalities.add(pair.modalityB());
        }
        return modalities;
    }
}
