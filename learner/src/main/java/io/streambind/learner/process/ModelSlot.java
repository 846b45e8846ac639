package io.streambind.learner.process;

import io.streambind.core.model.ContinualModel;
import io.streambind.learner.state.Manifest;

/** One model decoded in memory with its manifest; the stream thread owns both. */
record ModelSlot(Manifest manifest, ContinualModel model) {
    String modelId() {
        return manifest.modelId;
    }
}
