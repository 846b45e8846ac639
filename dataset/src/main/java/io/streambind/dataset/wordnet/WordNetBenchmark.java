package io.streambind.dataset.wordnet;

import static io.streambind.dataset.wordnet.Modality.EXAMPLE;
import static io.streambind.dataset.wordnet.Modality.GLOSS;
import static io.streambind.dataset.wordnet.Modality.HYPERNYM;
import static io.streambind.dataset.wordnet.Modality.LEMMA;

import java.util.List;
import java.util.Map;

/**
 * The WordNet benchmark: ten steps in the manner of the paper's (modalities come back in later steps with
 * other partners, lexicographer files come back with other pairs), and the zero-shot classes of three files.
 */
public final class WordNetBenchmark {
    /** Modality whose encoder embeds the class prompts; every classified step trains it. */
    public static final Modality PROMPT_MODALITY = LEMMA;

    public static final List<WordNetTask> STEPS = List.of(
            new WordNetTask("wn-animal", "noun.animal", LEMMA, GLOSS),
            new WordNetTask("wn-food", "noun.food", LEMMA, GLOSS),
            new WordNetTask("wn-artifact", "noun.artifact", GLOSS, EXAMPLE),
            new WordNetTask("wn-animal", "noun.animal", LEMMA, HYPERNYM),
            new WordNetTask("wn-plant", "noun.plant", LEMMA, GLOSS),
            new WordNetTask("wn-person", "noun.person", GLOSS, EXAMPLE),
            new WordNetTask("wn-artifact", "noun.artifact", LEMMA, HYPERNYM),
            new WordNetTask("wn-act", "noun.act", LEMMA, EXAMPLE),
            new WordNetTask("wn-food", "noun.food", LEMMA, HYPERNYM),
            new WordNetTask("wn-communication", "noun.communication", GLOSS, EXAMPLE));

    /**
     * Zero-shot classes by lexicographer file: a synset's class is the one of these hypernyms (a word of the
     * file, its first sense there) among its ancestors; synsets under none or under several are left out of
     * that file's steps.
     */
    public static final Map<String, List<String>> CLASSES = Map.of(
            "noun.animal", List.of("bird", "fish", "mammal", "insect", "reptile"),
            "noun.food", List.of("beverage", "baked goods", "edible fruit", "vegetable", "dessert", "cheese"),
            "noun.plant", List.of("tree", "shrub", "herb", "vine", "fern", "flower"));

    private WordNetBenchmark() {}

    public static List<String> classes(String lexFile) {
        return CLASSES.getOrDefault(lexFile, List.of());
    }
}
