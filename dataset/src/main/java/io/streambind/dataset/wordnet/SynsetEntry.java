package io.streambind.dataset.wordnet;

import java.util.Map;

/**
 * What the benchmark reads of one noun synset.
 *
 * @param offset the synset's offset in WordNet 3.1's noun data file (its identity)
 * @param texts the text of each modality the synset has
 * @param label index of its zero-shot class in {@link WordNetBenchmark#classes}, -1 when it has none or several
 */
public record SynsetEntry(long offset, String lexFile, Map<Modality, String> texts, int label) {
    public SynsetEntry {
        texts = Map.copyOf(texts);
    }

    public boolean has(Modality modality) {
        return texts.containsKey(modality);
    }

    public String text(Modality modality) {
        return texts.get(modality);
    }
}
