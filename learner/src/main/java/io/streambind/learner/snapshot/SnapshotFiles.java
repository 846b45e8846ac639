package io.streambind.learner.snapshot;

import io.streambind.core.io.FloatRows;
import io.streambind.core.io.NpyWriter;
import io.streambind.core.model.HeadsSnapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a heads snapshot as {@code <modality>.W.npy} (d_out x d), {@code <modality>.b.npy} and provenance.json. */
public final class SnapshotFiles {
    private SnapshotFiles() {
    }

    public static void write(Path dir, SnapshotFetcher.Fetched snapshot) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, HeadsSnapshot.Head> head : snapshot.heads().heads().entrySet()) {
            HeadsSnapshot.Head h = head.getValue();
            NpyWriter.writeMatrix(dir.resolve(head.getKey() + ".W.npy"), new FloatRows(h.outputWidth(), h.inputWidth(), h.weights()));
            NpyWriter.writeVector(dir.resolve(head.getKey() + ".b.npy"), h.bias());
        }
        Files.writeString(dir.resolve("provenance.json"), snapshot.provenanceJson(), StandardCharsets.UTF_8);
    }
}
