package io.streambind.learner.process;

import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.learner.metrics.LearnerMetrics.Phase;
import io.streambind.learner.metrics.PhaseTiming;
import io.streambind.learner.state.ModelStore;

/** Writes a model's snapshot sections to the store, timed as the snapshot phase. */
final class SnapshotTimer {
    private final ModelStore store;
    private final LearnerMetrics metrics;

    SnapshotTimer(ModelStore store, LearnerMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    void write(ModelSlot slot) {
        try (PhaseTiming writing = metrics.time(slot.modelId(), Phase.SNAPSHOT)) {
            Snapshots.write(store, slot);
        }
    }

    /** A model's first write stores its initial snapshot, so its config is fixed in the store from then on. */
    void ensureWritten(ModelSlot slot) {
        if (!slot.manifest().snapshotWritten) {
            write(slot);
        }
    }
}
