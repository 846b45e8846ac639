package io.streambind.learner.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.core.model.HeadsSnapshot;
import io.streambind.core.model.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFilesTest {
    @TempDir
    Path root;

    @Test
    void writesTheFilesOfIdentifierModalities() throws IOException {
        Path out = root.resolve("out");

        SnapshotFiles.write(out, snapshot("text", "video.v2"));

        assertThat(names(out))
                .containsExactlyInAnyOrder(
                        "text.W.npy", "text.b.npy", "video.v2.W.npy", "video.v2.b.npy", "provenance.json");
    }

    @Test
    void refusesAModalityThatIsNotAnIdentifierBeforeWritingAnything() throws IOException {
        Path out = root.resolve("out");
        for (String bad : new String[] {"../escape", "a/b", ".hidden", "..", "x\u0000y", "", "é"}) {
            assertThatThrownBy(() -> SnapshotFiles.write(out, snapshot("text", bad)))
                    .as("modality '%s'", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not an identifier (letters, digits, . _ -");
        }
        assertThatThrownBy(() -> SnapshotFiles.write(out, snapshot("text", "../escape")))
                .hasMessageContaining("modality '../escape'");
        assertThat(out).doesNotExist();
        try (Stream<Path> files = Files.list(root)) {
            assertThat(files).isEmpty();
        }
    }

    private static SnapshotFetcher.Fetched snapshot(String... modalities) {
        TreeMap<String, HeadsSnapshot.Head> heads = new TreeMap<>();
        for (String modality : modalities) {
            heads.put(modality, new HeadsSnapshot.Head(2, 1, new float[] {1, 2}, new float[] {0.5f}));
        }
        return new SnapshotFetcher.Fetched(new HeadsSnapshot(new Provenance(new TreeMap<>(), 1, 2, 3), heads), "{}");
    }

    private static Stream<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList().stream();
        }
    }
}
