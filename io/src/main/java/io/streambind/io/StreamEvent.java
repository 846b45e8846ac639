package io.streambind.io;

/** One line of a stream directory's {@code stream.jsonl}, validated; data files load on demand. */
public sealed interface StreamEvent permits BatchEvent, StepEndEvent, PromptsEvent {
    /** 1-based line number in {@code stream.jsonl}, for error messages. */
    int line();
}
