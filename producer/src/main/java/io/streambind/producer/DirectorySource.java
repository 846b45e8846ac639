package io.streambind.producer;

import io.streambind.io.BatchEvent;
import io.streambind.io.PromptsEvent;
import io.streambind.io.StepEndEvent;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamEvent;
import java.io.IOException;

/** Feeds a validated stream directory's events, in order, into a sink; data is loaded one event at a time. */
public final class DirectorySource {
    private DirectorySource() {}

    public static void emit(StreamDirectory stream, StreamSink sink) throws IOException {
        for (StreamEvent event : stream.events()) {
            if (event instanceof BatchEvent batch) {
                sink.batch(batch.load());
            } else if (event instanceof PromptsEvent prompts) {
                sink.prompts(prompts.load());
            } else if (event instanceof StepEndEvent) {
                sink.stepEnd();
            }
        }
    }
}
