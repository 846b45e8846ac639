package io.streambind.dataset.wordnet;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.data.Word;

/** The kinds of real content a noun synset offers, each a modality of the WordNet benchmark. */
public enum Modality {
    /** The synset's words, e.g. "sparrow, true sparrow". */
    LEMMA,
    /** The definition part of the gloss, without its usage examples. */
    GLOSS,
    /** The first usage sentence of the gloss; only synsets that have one. */
    EXAMPLE,
    /** The first words of the nearest hypernyms along the first hypernym path, nearest first. */
    HYPERNYM;

    /** Hypernyms named by the {@link #HYPERNYM} text: the near ones carry the meaning, the far ones are all "entity". */
    static final int HYPERNYM_DEPTH = 4;

    /** The modality's name in the stream (lower case). */
    public String streamName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Modality fromStreamName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    /** This modality's text of {@code synset}, or null when the synset has none. */
    String text(Synset synset) throws JWNLException {
        return switch (this) {
            case LEMMA -> words(synset);
            case GLOSS -> nonEmpty(definition(synset.getGloss()));
            case EXAMPLE -> nonEmpty(firstExample(synset.getGloss()));
            case HYPERNYM -> hypernyms(synset);
        };
    }

    /** The synset's words as a reader writes them: underscores become spaces. */
    static String words(Synset synset) {
        List<String> words = new ArrayList<>();
        for (Word word : synset.getWords()) {
            words.add(word.getLemma().replace('_', ' '));
        }
        return String.join(", ", words);
    }

    /** A gloss is "definition; \"example\"; \"example\"": the parts that are not quoted. */
    static String definition(String gloss) {
        List<String> parts = new ArrayList<>();
        for (String part : gloss.split(";")) {
            String trimmed = part.trim();
            if (!trimmed.isEmpty() && !trimmed.startsWith("\"")) {
                parts.add(trimmed);
            }
        }
        return String.join("; ", parts);
    }

    static String firstExample(String gloss) {
        int open = gloss.indexOf('"');
        int close = open < 0 ? -1 : gloss.indexOf('"', open + 1);
        return close < 0 ? "" : gloss.substring(open + 1, close).trim();
    }

    private static String hypernyms(Synset synset) throws JWNLException {
        List<String> names = new ArrayList<>();
        Synset current = synset;
        while (names.size() < HYPERNYM_DEPTH && (current = firstHypernym(current)) != null) {
            names.add(current.getWords().get(0).getLemma().replace('_', ' '));
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    /** The target of the first (instance) hypernym pointer, in the dictionary's order; null at the top. */
    static Synset firstHypernym(Synset synset) throws JWNLException {
        for (Pointer pointer : synset.getPointers()) {
            if (pointer.getType() == PointerType.HYPERNYM || pointer.getType() == PointerType.INSTANCE_HYPERNYM) {
                return pointer.getTargetSynset();
            }
        }
        return null;
    }

    private static String nonEmpty(String text) {
        return text.isEmpty() ? null : text;
    }
}
