package io.streambind.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** A validated prompts line: class names of a task and the file of their embeddings. */
public record PromptsEvent(int line, String task, String modality, List<String> classNames, Path xt, int width)
        implements StreamEvent {
    public PromptsEvent {
        classNames = List.copyOf(classNames);
    }

    public PromptSet load() throws IOException {
        return new PromptSet(task, modality, classNames, NpyReader.readMatrix(xt));
    }
}
