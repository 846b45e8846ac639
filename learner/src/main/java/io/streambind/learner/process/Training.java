package io.streambind.learner.process;

import io.streambind.core.model.BatchResult;
import io.streambind.core.model.BatchShape;
import io.streambind.core.model.ContinualModel;

/** The one way a TRAIN batch reaches a model, live and on redo-log replay alike. */
final class Training {
    private Training() {
    }

    static BatchResult train(ContinualModel model, BatchShape shape) {
        return model.train(shape.modalityA(), shape.inputsA(), shape.widthA(),
                shape.modalityB(), shape.inputsB(), shape.widthB(), shape.rows());
    }
}
