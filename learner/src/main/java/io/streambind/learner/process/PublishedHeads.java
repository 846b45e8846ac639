package io.streambind.learner.process;

import io.streambind.learner.state.Manifest;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which heads a step's published version carries. A head trained in the step is carried; an unchanged
 * one names the version that last carried it, unless that version is older than the refresh interval
 * (it could leave the topic's retention) or there is none. A 7-modality model at d = 1024 whose steps
 * train one pair publishes 8 MB per version instead of 29 MB.
 */
final class PublishedHeads {
    private PublishedHeads() {}

    /**
     * The heads of {@code modalities} that the version closing a step takes from earlier versions; the step
     * trained the heads of {@code trained}.
     */
    static Map<String, Long> references(
            Manifest manifest, Set<String> trained, Set<String> modalities, long timestamp, long refreshMs) {
        Map<String, Long> references = new TreeMap<>();
        for (String modality : modalities) {
            Manifest.CarriedHead last = manifest.carriedHeads.get(modality);
            if (last != null && !trained.contains(modality) && timestamp - last.timestamp < refreshMs) {
                references.put(modality, last.version);
            }
        }
        return references;
    }

    /** Records that {@code version} carries every head of {@code modalities} it does not take from another version. */
    static void carried(
            Manifest manifest, Set<String> modalities, Map<String, Long> references, long version, long timestamp) {
        for (String modality : modalities) {
            if (!references.containsKey(modality)) {
                manifest.carriedHeads.put(modality, new Manifest.CarriedHead(version, timestamp));
            }
        }
    }
}
