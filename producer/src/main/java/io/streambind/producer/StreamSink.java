package io.streambind.producer;

import io.streambind.io.PairBatch;
import io.streambind.io.PromptSet;
import java.io.IOException;

/** Where a stream's events go, in order: a stream directory on disk or the batches topic. */
public interface StreamSink {
    void batch(PairBatch batch) throws IOException;

    void prompts(PromptSet prompts) throws IOException;

    void stepEnd() throws IOException;

    /** A sink writing a stream directory. */
    static StreamSink of(io.streambind.io.StreamDirectoryWriter writer) {
        return new StreamSink() {
            @Override
            public void batch(PairBatch batch) throws IOException {
                writer.batch(batch);
            }

            @Override
            public void prompts(PromptSet prompts) throws IOException {
                writer.prompts(prompts);
            }

            @Override
            public void stepEnd() throws IOException {
                writer.stepEnd();
            }
        };
    }
}
