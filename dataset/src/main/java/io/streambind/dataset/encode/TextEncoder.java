package io.streambind.dataset.encode;

import java.util.List;

/** A real text encoder that runs in this process. */
public interface TextEncoder {
    /** Short name, also the name of its cache files, e.g. {@code all-minilm-l6-v2}. */
    String id();

    /** What it is and where it comes from, for the manifest. */
    String description();

    /** Maven coordinates of the artifact that holds the model. */
    String artifact();

    int dimension();

    /** Embeds each text on its own (the result does not depend on how texts are grouped): texts.size() x dimension, row-major. */
    float[] encode(List<String> texts);
}
