package io.streambind.core.eval;

/** A task as evaluation sees it: a dataset and the modality pair it was given with. */
public record TaskPair(String task, String modalityA, String modalityB) {
    /** Column key, e.g. {@code VGGSound text-audio} (the same dataset can come with several pairs). */
    public String key() {
        return task + " " + modalityA + "-" + modalityB;
    }
}
