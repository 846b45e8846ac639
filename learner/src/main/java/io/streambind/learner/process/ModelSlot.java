package io.streambind.learner.process;

import io.streambind.core.loop.ContinualLoop;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.ResourceLimits;
import io.streambind.learner.state.Manifest;

/** One model decoded in memory with its manifest; the stream thread owns both. */
record ModelSlot(Manifest manifest, ContinualModel model) {
    String modelId() {
        return manifest.modelId;
    }

    /** Core's continual loop of the model, its open step kept in the manifest. */
    ContinualLoop loop(ResourceLimits limits) {
        return new ContinualLoop(model, manifest.openStep, limits);
    }
}
