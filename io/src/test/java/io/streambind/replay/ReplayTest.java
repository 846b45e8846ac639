package io.streambind.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.model.ContinualModel;
import io.streambind.io.FloatRows;
import io.streambind.io.NpyReader;
import io.streambind.io.PairBatch;
import io.streambind.io.PromptSet;
import io.streambind.io.Split;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    private static final int D = 8;

    @TempDir
    Path tmp;

    private Path input;

    private static FloatRows gaussian(Random random, int n) {
        float[] x = new float[n * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return new FloatRows(n, D, x);
    }

    /** Two steps: text-video (with labels and prompts), then audio-video; a test split for each. */
    @BeforeEach
    void writeStream() throws IOException {
        input = tmp.resolve("in");
        Random random = new Random(5);
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(input)) {
            String[][] pairs = {{"A", "text", "video"}, {"B", "audio", "video"}};
            for (String[] pair : pairs) {
                for (int i = 0; i < 4; i++) {
                    writer.batch(new PairBatch(
                            pair[0], Split.TRAIN, pair[1], pair[2], gaussian(random, 16), gaussian(random, 16), null));
                }
                writer.batch(new PairBatch(
                        pair[0],
                        Split.TEST,
                        pair[1],
                        pair[2],
                        gaussian(random, 20),
                        gaussian(random, 20),
                        pair[0].equals("A")
                                ? new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1}
                                : null));
                if (pair[0].equals("A")) {
                    writer.prompts(new PromptSet("A", "text", List.of("zero", "one"), gaussian(random, 2)));
                }
                writer.stepEnd();
            }
        }
    }

    @Test
    void sameStreamTwiceGivesIdenticalOutputs() throws IOException {
        Path first = tmp.resolve("out1");
        Path second = tmp.resolve("out2");
        DnsConfig config = DnsConfig.defaults().with(java.util.Map.of(DnsConfig.LEARNING_RATE, "1e-2"));
        for (Path out : List.of(first, second)) {
            ReplayOutput.write(new Replay(config).run(StreamDirectory.open(input)), input, out);
        }
        List<String> names;
        try (Stream<Path> files = Files.list(first)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names)
                .containsExactly(
                        "audio.W.npy",
                        "audio.b.npy",
                        "metrics.json",
                        "text.W.npy",
                        "text.b.npy",
                        "video.W.npy",
                        "video.b.npy");
        for (String name : names) {
            if (name.endsWith(".npy")) {
                assertThat(Files.readAllBytes(second.resolve(name)))
                        .as(name)
                        .isEqualTo(Files.readAllBytes(first.resolve(name)));
            }
        }
        assertThat(withoutTiming(second)).isEqualTo(withoutTiming(first));
    }

    @Test
    void outputsHoldTheModelAndPerStepEvaluation() throws IOException {
        ReplayResult result = new Replay(DnsConfig.defaults()).run(StreamDirectory.open(input));
        Path out = tmp.resolve("out");
        ReplayOutput.write(result, input, out);
        ContinualModel model = result.model();

        FloatRows w = NpyReader.readMatrix(out.resolve("video.W.npy"));
        assertThat(w.rows()).isEqualTo(D);
        assertThat(w.cols()).isEqualTo(D);
        assertThat(w.data()).containsExactly(model.weights("video"));
        assertThat(NpyReader.readVector(out.resolve("video.b.npy"))).containsExactly(model.bias("video"));

        JsonNode metrics = new ObjectMapper()
                .readTree(out.resolve(ReplayOutput.METRICS_FILE).toFile());
        assertThat(metrics.get("stepsClosed").asInt()).isEqualTo(2);
        assertThat(metrics.get("trainPairs").asLong()).isEqualTo(128);
        assertThat(metrics.get("steps")).hasSize(2);
        JsonNode step1 = metrics.get("steps").get(1).get("evaluation");
        assertThat(step1.get("tasks")).hasSize(2);
        assertThat(step1.get("stabilityTask").asText()).isEqualTo("A text-video");
        assertThat(step1.get("stabilityDeviation").isNumber()).isTrue();
        assertThat(step1.get("bwtR10").asDouble()).isEqualTo(result.bwtR10());
        JsonNode firstTask =
                metrics.get("steps").get(0).get("evaluation").get("tasks").get(0);
        assertThat(firstTask.get("testPairs").asInt()).isEqualTo(20);
        assertThat(firstTask.get("zeroShotAccuracy").isNumber()).isTrue();
        assertThat(metrics.get("r10Matrix").get("values").get(0).get(1).isNull())
                .isTrue();
        assertThat(metrics.get("ranks").get("video").get("right").asInt())
                .isEqualTo(model.ranks("video").right());
        assertThat(metrics.get("lastLosses").has("audio-video")).isTrue();
        assertThat(metrics.get("timing").get("trainPairsPerSecond").asDouble()).isPositive();
    }

    @Test
    void unclosedStepIsCountedAndNotEvaluated() throws IOException {
        Path open = tmp.resolve("open");
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(open)) {
            writer.batch(new PairBatch(
                    "A", Split.TRAIN, "text", "video", gaussian(new Random(1), 4), gaussian(new Random(2), 4), null));
        }
        ReplayResult result = new Replay(DnsConfig.defaults()).run(StreamDirectory.open(open));
        assertThat(result.openStepBatches()).isEqualTo(1);
        assertThat(result.steps()).isEmpty();
        assertThat(result.model().samplesSeen()).isEqualTo(4);
    }

    @Test
    void batchTheModelRejectsFailsNamingItsLine() throws IOException {
        Path bad = tmp.resolve("bad");
        int tooWide = ContinualModel.MAX_WIDTH + 1;
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(bad)) {
            writer.batch(new PairBatch(
                    "A", Split.TRAIN, "text", "video", gaussian(new Random(1), 4), gaussian(new Random(2), 4), null));
            writer.batch(new PairBatch(
                    "B",
                    Split.TRAIN,
                    "text",
                    "imu",
                    gaussian(new Random(3), 1),
                    new FloatRows(1, tooWide, new float[tooWide]),
                    null));
        }
        assertThatThrownBy(() -> new Replay(DnsConfig.defaults()).run(StreamDirectory.open(bad)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("stream.jsonl line 2: ");
    }

    @Test
    void batchWhoseSecondMomentsOverflowFloat32FailsNamingItsLineBeforeAnyStepEnd() throws IOException {
        Path bad = tmp.resolve("overflow");
        FloatRows huge = gaussian(new Random(4), 4);
        for (int i = 0; i < huge.data().length; i++) {
            huge.data()[i] *= 1e19f;
        }
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(bad)) {
            writer.batch(new PairBatch(
                    "A", Split.TRAIN, "text", "video", gaussian(new Random(1), 4), gaussian(new Random(2), 4), null));
            writer.batch(new PairBatch("A", Split.TRAIN, "text", "video", huge, gaussian(new Random(3), 4), null));
            writer.stepEnd();
        }
        assertThatThrownBy(() -> new Replay(DnsConfig.defaults()).run(StreamDirectory.open(bad)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("stream.jsonl line 2: ")
                .hasMessageContaining("second moments would overflow");
    }

    private static JsonNode withoutTiming(Path out) throws IOException {
        ObjectNode metrics = (ObjectNode) new ObjectMapper()
                .readTree(out.resolve(ReplayOutput.METRICS_FILE).toFile());
        assertThat(metrics.has(ReplayOutput.TIMING)).isTrue();
        metrics.remove(ReplayOutput.TIMING);
        return metrics;
    }
}
