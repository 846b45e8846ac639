package io.streambind.io;

import java.util.List;

/** Class-name embeddings of a task (class i is label i), the zero-shot prototypes of evaluation. */
public record PromptSet(String task, String modality, List<String> classNames, FloatRows embeddings) {
    public PromptSet {
        classNames = List.copyOf(classNames);
        if (embeddings.rows() != classNames.size()) {
            throw new IllegalArgumentException(
                    classNames.size() + " class names but " + embeddings.rows() + " embedding rows");
        }
    }
}
