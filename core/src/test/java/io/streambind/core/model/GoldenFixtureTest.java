package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.config.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Committed model states (2 modalities, d = 8, after 2 steps), one per format version that changed
 * the layout of such a model, must keep restoring to the same embeddings. On an intentional format
 * change bump FORMAT_VERSION, add it to the versions below and write its fixture:
 * {@code mvn -o -Dsb.build.suffix=-core -pl core test -Dtest=GoldenFixtureTest -Dgolden.regenerate=true}
 * then commit core/src/test/resources/golden/ (older fixtures stay as they are).
 */
class GoldenFixtureTest {
    private static final Path SOURCE = Path.of("src/test/resources/golden");

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void committedStateRestoresAndEmbedsAsRecorded(int version) throws IOException {
        if (Boolean.getBoolean("golden.regenerate") && version == ModelCodec.FORMAT_VERSION) {
            regenerate();
        }
        ContinualModel model = ContinualModel.fromBytes(resource("model-v" + version + ".bin"));
        float[] expected = floats(resource("embed-text-v" + version + ".bin"));
        assertThat(model.step()).isEqualTo(2);
        // written before dns.lambda.min.relative and dns.precision existed: restores with them at their defaults
        assertThat(model.config().lambdaMinRelative()).isZero();
        assertThat(model.config().precision()).isEqualTo(Precision.FLOAT32);
        assertThat(model.embed("text", probe(), 3)).containsExactly(expected);
        // rewritten in today's format, the state restores to the same model
        byte[] current = model.toBytes();
        assertThat(ContinualModel.fromBytes(current).toBytes()).isEqualTo(current);
        assertThat(ContinualModel.fromBytes(current).embed("text", probe(), 3)).containsExactly(expected);
    }

    @Test
    void formats2And3RecordTheSameTraining() throws IOException {
        // format 3 changed only the codec, so the same recipe trained the same model (format 1 predates
        // the deferred write-back and the blocked step sums, which round differently)
        assertThat(floats(resource("embed-text-v3.bin"))).containsExactly(floats(resource("embed-text-v2.bin")));
    }

    /**
     * Heads snapshots ({@code streambind.models} data) of the format-3 model, one per heads format: format 1
     * carries both heads; format 2 carries text and takes vision from version 1.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void committedHeadsSnapshotDecodesToTheModelsHeads(int version) throws IOException {
        ContinualModel model = ContinualModel.fromBytes(resource("model-v3.bin"));
        if (Boolean.getBoolean("golden.regenerate") && version == HeadsSnapshot.FORMAT_VERSION) {
            Files.write(SOURCE.resolve("heads-v" + version + ".bin"), model.headsBytes(Map.of("vision", 1L)));
        }
        HeadsSnapshot.Published heads = HeadsSnapshot.decode(resource("heads-v" + version + ".bin"));
        assertThat(heads.provenance()).isEqualTo(model.provenance());
        assertThat(heads.carried().keySet())
                .containsExactly(version == 1 ? new String[] {"text", "vision"} : new String[] {"text"});
        assertThat(heads.references())
                .isEqualTo(version == 1 ? Map.of() : Map.of("vision", new HeadsSnapshot.Reference(8, 8, 1)));
        for (String modality : heads.carried().keySet()) {
            assertThat(heads.carried().get(modality).weights()).containsExactly(model.weights(modality));
            assertThat(heads.carried().get(modality).bias()).containsExactly(model.bias(modality));
        }
    }

    private static void regenerate() throws IOException {
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "1e-2")));
        Random random = new Random(2025);
        for (int step = 0; step < 2; step++) {
            for (int i = 0; i < 4; i++) {
                model.train(
                        "text",
                        SyntheticPairs.gaussian(random, 16 * 8, 1),
                        8,
                        "vision",
                        SyntheticPairs.gaussian(random, 16 * 8, 1),
                        8,
                        16);
            }
            model.endStep();
        }
        Files.createDirectories(SOURCE);
        String version = "v" + ModelCodec.FORMAT_VERSION;
        Files.write(SOURCE.resolve("model-" + version + ".bin"), model.toBytes());
        float[] y = model.embed("text", probe(), 3);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * y.length);
        b.asFloatBuffer().put(y);
        Files.write(SOURCE.resolve("embed-text-" + version + ".bin"), b.array());
    }

    private static float[] probe() {
        return SyntheticPairs.gaussian(new Random(99), 3 * 8, 1);
    }

    private static float[] floats(byte[] bytes) {
        float[] f = new float[bytes.length / 4];
        java.nio.ByteBuffer.wrap(bytes).asFloatBuffer().get(f);
        return f;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = GoldenFixtureTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden resource %s", name).isNotNull();
            return in.readAllBytes();
        }
    }
}
