package io.streambind.io;

/** Names of the {@code stream.jsonl} format, shared by the reader and the writer. */
final class StreamJsonl {
    static final String FILE_NAME = "stream.jsonl";
    static final String TYPE = "type";
    static final String TYPE_BATCH = "batch";
    static final String TYPE_STEP_END = "step_end";
    static final String TYPE_PROMPTS = "prompts";
    static final String A = "a";
    static final String B = "b";
    static final String XA = "xa";
    static final String XB = "xb";
    static final String TASK = "task";
    static final String SPLIT = "split";
    static final String LABELS = "labels";
    static final String CLASSES = "classes";
    static final String XT = "xt";
    static final String MODALITY = "modality";
    static final String DEFAULT_PROMPT_MODALITY = "text";

    private StreamJsonl() {}

    /** The task name of a batch line without one. */
    static String defaultTask(String modalityA, String modalityB) {
        return modalityA + "-" + modalityB;
    }
}
