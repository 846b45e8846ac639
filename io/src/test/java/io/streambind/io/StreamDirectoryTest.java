package io.streambind.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamDirectoryTest {
    @TempDir
    Path dir;

    private static FloatRows rows(int n, int d, float offset) {
        float[] data = new float[n * d];
        for (int i = 0; i < data.length; i++) {
            data[i] = offset + i * 0.25f;
        }
        return new FloatRows(n, d, data);
    }

    @Test
    void writerOutputReadsBackEventByEvent() throws IOException {
        PairBatch train = new PairBatch("UCF101", Split.TRAIN, "text", "video", rows(3, 4, 0), rows(3, 2, 1), null);
        PairBatch test =
                new PairBatch("UCF101", Split.TEST, "text", "video", rows(2, 4, 5), rows(2, 2, 7), new int[] {1, 0});
        PromptSet prompts = new PromptSet("UCF101", "text", List.of("archery", "bowling"), rows(2, 4, 9));
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(dir)) {
            writer.batch(train);
            writer.batch(test);
            writer.prompts(prompts);
            writer.stepEnd();
        }

        StreamDirectory stream = StreamDirectory.open(dir);

        assertThat(stream.widths())
                .containsOnlyKeys("text", "video")
                .containsEntry("text", 4)
                .containsEntry("video", 2);
        List<StreamEvent> events = stream.events();
        assertThat(events).hasSize(4);
        assertThat(events.get(3)).isEqualTo(new StepEndEvent(4));
        BatchEvent first = (BatchEvent) events.get(0);
        assertThat(first.rows()).isEqualTo(3);
        assertSameBatch(first.load(), train);
        assertSameBatch(((BatchEvent) events.get(1)).load(), test);
        PromptSet loaded = ((PromptsEvent) events.get(2)).load();
        assertThat(loaded.classNames()).containsExactly("archery", "bowling");
        assertThat(loaded.embeddings().data())
                .containsExactly(prompts.embeddings().data());
    }

    @Test
    void defaultsTaskSplitAndPromptModality() throws IOException {
        NpyWriter.writeMatrix(dir.resolve("a.npy"), rows(2, 3, 0));
        NpyWriter.writeMatrix(dir.resolve("b.npy"), rows(2, 3, 0));
        NpyWriter.writeMatrix(dir.resolve("t.npy"), rows(1, 3, 0));
        writeJsonl(
                "{\"type\":\"batch\",\"a\":\"vision\",\"b\":\"depth\",\"xa\":\"a.npy\",\"xb\":\"b.npy\"}",
                "{\"type\":\"prompts\",\"task\":\"T\",\"classes\":[\"c\"],\"xt\":\"t.npy\"}");
        List<StreamEvent> events = StreamDirectory.open(dir).events();
        BatchEvent batch = (BatchEvent) events.get(0);
        assertThat(batch.task()).isEqualTo("vision-depth");
        assertThat(batch.split()).isEqualTo(Split.TRAIN);
        assertThat(((PromptsEvent) events.get(1)).modality()).isEqualTo("text");
    }

    @Test
    void rejectsBadDirectoriesNamingFileAndLine() throws IOException {
        NpyWriter.writeMatrix(dir.resolve("a3x4.npy"), rows(3, 4, 0));
        NpyWriter.writeMatrix(dir.resolve("b3x2.npy"), rows(3, 2, 0));
        NpyWriter.writeMatrix(dir.resolve("b2x2.npy"), rows(2, 2, 0));
        NpyWriter.writeMatrix(dir.resolve("a3x5.npy"), rows(3, 5, 0));
        NpyWriter.writeLabels(dir.resolve("labels2.npy"), new int[] {0, 1});
        NpyWriter.writeLabels(dir.resolve("labels3.npy"), new int[] {0, 1, 2});
        NpyWriter.writeFloats(dir.resolve("vector.npy"), new float[] {1, 2, 3}, 3);
        NpyWriter.writeMatrix(dir.resolve("nan.npy"), new FloatRows(3, 2, new float[] {0, 1, 2, Float.NaN, 4, 5}));
        Files.copy(NpyReaderTest.fixture("matrix_f8.npy"), dir.resolve("f8.npy"));
        String good = batch("a3x4.npy", "b3x2.npy", "");

        expectError("missing.npy: file does not exist", 2, good, batch("a3x4.npy", "missing.npy", ""));
        expectError("f8.npy: unsupported dtype <f8", 1, batch("f8.npy", "b3x2.npy", ""));
        expectError("vector.npy: shape [3], expected 2-D", 1, batch("a3x4.npy", "vector.npy", ""));
        expectError("row counts differ: a3x4.npy has 3, b2x2.npy has 2", 1, batch("a3x4.npy", "b2x2.npy", ""));
        expectError(
                "labels2.npy has 2 labels for 3 rows", 1, batch("a3x4.npy", "b3x2.npy", ",\"labels\":\"labels2.npy\""));
        expectError(
                "a3x5.npy: modality \"text\" has width 5, but a3x4.npy (line 1) gave it width 4",
                3,
                good,
                "{\"type\":\"step_end\"}",
                batch("a3x5.npy", "b3x2.npy", ""));
        expectError("nan.npy: non-finite value (NaN or Inf) at row 1, column 1", 1, batch("a3x4.npy", "nan.npy", ""));
        expectError("unknown type \"batchh\"", 2, good, "{\"type\":\"batchh\"}");
        expectError("unknown field \"lables\"", 1, batch("a3x4.npy", "b3x2.npy", ",\"lables\":\"labels3.npy\""));
        expectError("invalid JSON", 2, good, "{\"type\":");
        expectError("split \"val\"", 1, batch("a3x4.npy", "b3x2.npy", ",\"split\":\"val\""));
        expectError("path \"../x.npy\" leaves the stream directory", 1, batch("a3x4.npy", "../x.npy", ""));
        expectError("missing \"xb\"", 1, "{\"type\":\"batch\",\"a\":\"text\",\"b\":\"video\",\"xa\":\"a3x4.npy\"}");
        expectError(
                "label 2 of task \"T\" is out of range: its prompts (line 2) have 2 classes",
                1,
                batch("a3x4.npy", "b3x2.npy", ",\"task\":\"T\",\"labels\":\"labels3.npy\""),
                "{\"type\":\"prompts\",\"task\":\"T\",\"classes\":[\"x\",\"y\"],\"xt\":\"b2x2.npy\",\"modality\":\"video\"}");
    }

    @Test
    void rejectsSymbolicLinksThatLeaveTheDirectoryAndFollowThoseThatStayInside() throws IOException {
        Path stream = Files.createDirectory(dir.resolve("stream"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        NpyWriter.writeMatrix(stream.resolve("a.npy"), rows(3, 4, 0));
        NpyWriter.writeMatrix(stream.resolve("b.npy"), rows(3, 2, 0));
        NpyWriter.writeMatrix(outside.resolve("x.npy"), rows(3, 2, 0));
        NpyWriter.writeMatrix(dir.resolve("x.npy"), rows(3, 2, 0));
        Files.createSymbolicLink(stream.resolve("passwd.npy"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(stream.resolve("up.npy"), Path.of("../x.npy"));
        Files.createSymbolicLink(stream.resolve("far.npy"), outside.resolve("x.npy"));
        Files.createSymbolicLink(stream.resolve("sub"), outside);
        Files.createSymbolicLink(stream.resolve("dangling.npy"), Path.of("nothing-here.npy"));
        Files.createSymbolicLink(stream.resolve("alias.npy"), Path.of("b.npy"));

        for (String link : List.of("passwd.npy", "up.npy", "far.npy", "sub/x.npy")) {
            writeJsonl(stream, batch("a.npy", link, ""));
            assertThatThrownBy(() -> StreamDirectory.open(stream))
                    .as(link)
                    .isInstanceOf(StreamDirectoryException.class)
                    .hasMessageContaining("stream.jsonl line 1: path \"" + link
                            + "\" leaves the stream directory through a symbolic link");
        }
        writeJsonl(stream, batch("a.npy", "dangling.npy", ""));
        assertThatThrownBy(() -> StreamDirectory.open(stream))
                .hasMessageContaining("path \"dangling.npy\" is a symbolic link to a file that does not exist");

        writeJsonl(stream, batch("a.npy", "alias.npy", ""));
        assertThat(((BatchEvent) StreamDirectory.open(stream).events().get(0)).rows())
                .isEqualTo(3);

        Files.delete(StreamDirectory.streamFile(stream));
        Path outsideJsonl = Files.writeString(outside.resolve("stream.jsonl"), batch("a.npy", "b.npy", ""));
        Files.createSymbolicLink(StreamDirectory.streamFile(stream), outsideJsonl);
        assertThatThrownBy(() -> StreamDirectory.open(stream))
                .isInstanceOf(StreamDirectoryException.class)
                .hasMessageContaining(
                        "is a symbolic link to " + outsideJsonl.toRealPath() + ", outside the stream directory");
    }

    @Test
    void rejectsMissingOrEmptyStreamFile() throws IOException {
        assertThatThrownBy(() -> StreamDirectory.open(dir))
                .isInstanceOf(StreamDirectoryException.class)
                .hasMessageContaining("stream.jsonl: file does not exist");
        writeJsonl("");
        assertThatThrownBy(() -> StreamDirectory.open(dir)).hasMessageContaining("stream.jsonl: no events");
    }

    private static String batch(String xa, String xb, String extra) {
        return "{\"type\":\"batch\",\"a\":\"text\",\"b\":\"video\",\"xa\":\"" + xa + "\",\"xb\":\"" + xb + "\"" + extra
                + "}";
    }

    private void expectError(String reason, int line, String... lines) throws IOException {
        writeJsonl(lines);
        assertThatThrownBy(() -> StreamDirectory.open(dir))
                .isInstanceOf(StreamDirectoryException.class)
                .hasMessageContaining("stream.jsonl line " + line + ": ")
                .hasMessageContaining(reason);
    }

    private void writeJsonl(String... lines) throws IOException {
        writeJsonl(dir, lines);
    }

    private static void writeJsonl(Path streamDir, String... lines) throws IOException {
        Files.write(StreamDirectory.streamFile(streamDir), List.of(lines), StandardCharsets.UTF_8);
    }

    private static void assertSameBatch(PairBatch actual, PairBatch expected) {
        assertThat(actual.task()).isEqualTo(expected.task());
        assertThat(actual.split()).isEqualTo(expected.split());
        assertThat(actual.modalityA()).isEqualTo(expected.modalityA());
        assertThat(actual.modalityB()).isEqualTo(expected.modalityB());
        assertThat(actual.xa().data()).containsExactly(expected.xa().data());
        assertThat(actual.xb().data()).containsExactly(expected.xb().data());
        assertThat(actual.labels()).isEqualTo(expected.labels());
    }
}
