package io.streambind.learner.snapshot;

import io.streambind.core.model.HeadsSnapshot;
import io.streambind.io.FloatRows;
import io.streambind.io.NpyWriter;
import io.streambind.learner.process.Names;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a heads snapshot as {@code <modality>.W.npy} (d_out x d), {@code <modality>.b.npy} and provenance.json.
 * Modality names come off the models topic, so each must be an identifier ({@link Names#isIdentifier})
 * before it becomes part of a file name: a name like {@code ../x} would write outside {@code dir}.
 */
public final class SnapshotFiles {
    private SnapshotFiles() {}

    /** @throws IllegalArgumentException naming the modality, before anything is written, if a name is not an identifier */
    public static void write(Path dir, SnapshotFetcher.Fetched snapshot) throws IOException {
        for (String modality : snapshot.heads().heads().keySet()) {
            if (!Names.isIdentifier(modality)) {
                throw new IllegalArgumentException(
                        "the snapshot names modality '" + Names.shorten(modality) + "', which is not an identifier ("
                                + Names.IDENTIFIER_RULE + "); no file is written for it or the others");
            }
        }
        Files.createDirectories(dir);
        for (Map.Entry<String, HeadsSnapshot.Head> head :
                snapshot.heads().heads().entrySet()) {
            HeadsSnapshot.Head h = head.getValue();
            NpyWriter.writeMatrix(
                    dir.resolve(head.getKey() + ".W.npy"), new FloatRows(h.outputWidth(), h.inputWidth(), h.weights()));
            NpyWriter.writeVector(dir.resolve(head.getKey() + ".b.npy"), h.bias());
        }
        Files.writeString(dir.resolve("provenance.json"), snapshot.provenanceJson(), StandardCharsets.UTF_8);
    }
}
