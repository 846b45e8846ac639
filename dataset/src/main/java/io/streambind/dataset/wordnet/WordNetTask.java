package io.streambind.dataset.wordnet;

/**
 * One step of the WordNet benchmark: a modality pair on the noun synsets of one lexicographer file.
 *
 * @param dataset task name in the stream, shared by every step on the same lexicographer file
 * @param lexFile WordNet lexicographer file, e.g. {@code noun.animal}
 */
public record WordNetTask(String dataset, String lexFile, Modality modalityA, Modality modalityB) {}
