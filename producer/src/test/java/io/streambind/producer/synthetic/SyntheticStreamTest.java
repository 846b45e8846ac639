package io.streambind.producer.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.io.BatchEvent;
import io.streambind.io.PromptsEvent;
import io.streambind.io.Split;
import io.streambind.io.StepEndEvent;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import io.streambind.io.StreamEvent;
import io.streambind.producer.StreamSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticStreamTest {
    @TempDir
    Path tmp;

    private static SyntheticOptions options(long seed) {
        return new SyntheticOptions(SyntheticOptions.Scale.SMALL, 16, 4, 100, 40, 32, 2, 3, seed);
    }

    private Path write(String name, SyntheticOptions options) throws IOException {
        Path dir = tmp.resolve(name);
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(dir)) {
            new SyntheticStream(options).emit(StreamSink.of(writer));
        }
        return dir;
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherData() throws IOException {
        Path first = write("a", options(3));
        Path second = write("b", options(3));
        Path other = write("c", options(4));
        List<Path> files = files(first);
        assertThat(files).hasSizeGreaterThan(10);
        assertThat(files(second)).isEqualTo(files);
        for (Path file : files) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as(file.toString())
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
        assertThat(Files.readAllBytes(other.resolve("batches/000001_a.npy")))
                .isNotEqualTo(Files.readAllBytes(first.resolve("batches/000001_a.npy")));
    }

    @Test
    void followsThePaperOrderWithScalesSplitsAndPrompts() throws IOException {
        List<StreamEvent> events = StreamDirectory.open(write("s", options(1))).events();
        assertThat(events.stream().filter(e -> e instanceof StepEndEvent)).hasSize(3);
        PromptsEvent ucfPrompts = (PromptsEvent) events.get(0);
        assertThat(ucfPrompts.task()).isEqualTo("UCF101");
        assertThat(ucfPrompts.classNames()).hasSize(101);
        List<BatchEvent> batches = events.stream()
                .filter(e -> e instanceof BatchEvent)
                .map(e -> (BatchEvent) e)
                .toList();
        // 100 train pairs in batches of 32 (32+32+32+4), twice (2 epochs), then 40 test pairs (32+8), per step.
        assertThat(batches).hasSize(3 * 10);
        assertThat(batches.get(0).task()).isEqualTo("UCF101");
        assertThat(batches.get(0).modalityA()).isEqualTo("text");
        assertThat(batches.get(0).modalityB()).isEqualTo("video");
        assertThat(batches.get(3).rows()).isEqualTo(4);
        assertThat(batches.get(7).rows()).isEqualTo(4);
        assertThat(batches.get(7).split()).isEqualTo(Split.TRAIN);
        assertThat(batches.get(8).split()).isEqualTo(Split.TEST);
        assertThat(batches.get(8).labels()).isNotNull();
        assertThat(batches.get(10).task()).isEqualTo("ESC50");
        assertThat(batches.get(20).task()).isEqualTo("NYUDv2");
        assertThat(batches.get(28).labels()).isNull();

        var first = batches.get(0).load();
        assertThat(rowNorm(first.xa().data(), 16, 0)).isCloseTo(50.0, org.assertj.core.api.Assertions.within(1e-3));
        assertThat(rowNorm(first.xb().data(), 16, 5)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
    }

    @Test
    void everyEpochIsTheSamePairsInANewOrder() throws IOException {
        List<BatchEvent> batches = StreamDirectory.open(write("e", options(2))).events().stream()
                .filter(e -> e instanceof BatchEvent)
                .map(e -> (BatchEvent) e)
                .toList();
        List<List<Float>> firstEpoch = rowKeys(batches.subList(0, 4));
        List<List<Float>> secondEpoch = rowKeys(batches.subList(4, 8));
        assertThat(firstEpoch).hasSize(100).doesNotHaveDuplicates();
        assertThat(secondEpoch).containsExactlyInAnyOrderElementsOf(firstEpoch);
        assertThat(secondEpoch).isNotEqualTo(firstEpoch);
    }

    /** Each training row as (its first a-coordinate, its first b-coordinate), in stream order. */
    private static List<List<Float>> rowKeys(List<BatchEvent> batches) throws IOException {
        List<List<Float>> keys = new java.util.ArrayList<>();
        for (BatchEvent event : batches) {
            var batch = event.load();
            for (int i = 0; i < batch.rows(); i++) {
                keys.add(List.of(batch.xa().data()[i * 16], batch.xb().data()[i * 16]));
            }
        }
        return keys;
    }

    private static double rowNorm(float[] data, int d, int row) {
        double s = 0;
        for (int k = 0; k < d; k++) {
            s += (double) data[row * d + k] * data[row * d + k];
        }
        return Math.sqrt(s);
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .map(dir::relativize)
                    .sorted()
                    .toList();
        }
    }
}
