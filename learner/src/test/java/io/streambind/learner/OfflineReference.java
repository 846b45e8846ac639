package io.streambind.learner;

import io.streambind.avro.EmbeddingBatch;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ContinualModel;
import io.streambind.schemas.codec.FloatMatrix;

/** The same batches applied straight to a core model, without Kafka: what the learner must reproduce. */
public final class OfflineReference {
    private final ContinualModel model;

    public OfflineReference() {
        this(DnsConfig.defaults());
    }

    public OfflineReference(DnsConfig config) {
        model = new ContinualModel(config);
    }

    public OfflineReference train(EmbeddingBatch batch) {
        model.train(
                batch.getModalityA(),
                FloatMatrix.toFloats(batch.getXa()),
                batch.getWidthA(),
                batch.getModalityB(),
                FloatMatrix.toFloats(batch.getXb()),
                batch.getWidthB(),
                batch.getRows());
        return this;
    }

    public OfflineReference endStep() {
        model.endStep();
        return this;
    }

    public ContinualModel model() {
        return model;
    }
}
