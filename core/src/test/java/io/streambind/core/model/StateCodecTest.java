package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.RangeBasis;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateCodecTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "dns|exact",
                "dns|paper",
                "ewc|exact",
                "ewc|paper",
                "input-null|exact",
                "input-null|paper",
                "vanilla|exact",
                "vanilla|paper"
            })
    void roundTripIsBitExactAndTrainingContinuesIdentically(String setup) {
        String[] parts = setup.split("\\|");
        DnsConfig config = DnsConfig.parse(
                Map.of(DnsConfig.METHOD, parts[0], DnsConfig.PROFILE, parts[1], DnsConfig.LEARNING_RATE, "1e-2"));
        ContinualModel model = new ContinualModel(config);
        train(model, new Random(1), 3, "text", "video");
        model.endStep();
        assertRestoresExactly(model); // right after a step end: Adam state zero, bases fresh
        train(model, new Random(2), 2, "text", "audio"); // mid-step: accumulators and Adam state live
        ContinualModel restored = assertRestoresExactly(model);

        train(model, new Random(3), 2, "text", "audio");
        model.endStep();
        train(restored, new Random(3), 2, "text", "audio");
        restored.endStep();
        assertThat(restored.toBytes()).isEqualTo(model.toBytes());
        assertSameBases(restored, model);
    }

    /** Restores the model from its bytes, checks the restored one writes the same bytes and bases, returns it. */
    private static ContinualModel assertRestoresExactly(ContinualModel model) {
        byte[] bytes = model.toBytes();
        ContinualModel restored = ContinualModel.fromBytes(bytes);
        assertThat(restored.toBytes()).isEqualTo(bytes);
        assertSameBases(restored, model);
        return restored;
    }

    /** Format 3 stores no bases: the ones recomputed on restore must equal the live ones bit for bit. */
    private static void assertSameBases(ContinualModel actual, ContinualModel expected) {
        for (String m : expected.modalities()) {
            for (boolean right : new boolean[] {true, false}) {
                RangeBasis a = right ? actual.rightBasis(m) : actual.leftBasis(m);
                RangeBasis e = right ? expected.rightBasis(m) : expected.leftBasis(m);
                assertThat(a.form()).isEqualTo(e.form());
                assertThat(a.rank()).isEqualTo(e.rank());
                assertThat(a.basisData()).containsExactly(e.basisData());
            }
        }
    }

    @Test
    void midStepStateWithAPendingWriteBackRoundTripsAndContinuesIdentically() {
        // low-rank inputs give a kept right basis, so profile exact defers the range-side write-back
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "1e-2")));
        SyntheticPairs data = new SyntheticPairs(2, 0.01, 3);
        double[] text = data.mixing(10);
        double[] video = data.mixing(10);
        for (int i = 0; i < 4; i++) {
            double[] z = data.latents(16);
            model.train("text", data.observe(text, z, 10), 10, "video", data.observe(video, z, 10), 10, 16);
        }
        model.endStep();
        assertThat(model.rightBasis("text").form()).isEqualTo(RangeBasis.Form.KEPT);
        assertThat(model.leftBasis("text").form()).isNotEqualTo(RangeBasis.Form.ZERO);
        double[] z = data.latents(16);
        model.train("text", data.observe(text, z, 10), 10, "video", data.observe(video, z, 10), 10, 16);
        ContinualModel restored = assertRestoresExactly(model);
        assertThat(restored.weights("text")).containsExactly(model.weights("text"));

        double[] z2 = data.latents(16);
        float[] xt = data.observe(text, z2, 10);
        float[] xv = data.observe(video, z2, 10);
        model.train("text", xt, 10, "video", xv, 10, 16);
        restored.train("text", xt, 10, "video", xv, 10, 16);
        assertThat(restored.embed("text", xt, 16)).containsExactly(model.embed("text", xt, 16));
        model.endStep();
        restored.endStep();
        assertThat(restored.toBytes()).isEqualTo(model.toBytes());
    }

    @Test
    void sectionsRoundTripAndChunksStayUnderTheLimit() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        train(model, new Random(4), 2, "text", "video");
        model.endStep();
        Map<String, byte[]> sections = new TreeMap<>();
        for (String m : model.modalities()) {
            sections.put(m, model.sectionBytes(m));
        }
        ContinualModel restored = ContinualModel.fromSections(model.metaBytes(), sections);
        assertThat(restored.toBytes()).isEqualTo(model.toBytes());

        byte[] bytes = model.toBytes();
        List<byte[]> chunks = Chunks.split(bytes, 1000);
        assertThat(chunks).allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(1000));
        assertThat(Chunks.join(chunks)).isEqualTo(bytes);
        assertThat(Chunks.split(new byte[Chunks.DEFAULT_MAX_BYTES * 2 + 1]))
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.length).isLessThanOrEqualTo(512 * 1024));
    }

    @Test
    void corruptOrTruncatedBytesFailWithAClearMessage() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        train(model, new Random(5), 1, "text", "video");
        byte[] bytes = model.toBytes();

        assertThatThrownBy(() -> ContinualModel.fromBytes(Arrays.copyOf(bytes, bytes.length / 2)))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("truncated");
        byte[] wrongMagic = bytes.clone();
        wrongMagic[0] = 'X';
        assertThatThrownBy(() -> ContinualModel.fromBytes(wrongMagic))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("magic");
        byte[] futureVersion = bytes.clone();
        futureVersion[7] = 99;
        assertThatThrownBy(() -> ContinualModel.fromBytes(futureVersion))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("format version 99");
        assertThatThrownBy(() -> ContinualModel.fromBytes(new byte[3]))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("too short");
        assertThatThrownBy(() ->
                        ContinualModel.fromSections(model.metaBytes(), Map.of("text", model.sectionBytes("text"))))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("sections");
    }

    @Test
    void headsSnapshotRoundTrips() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        train(model, new Random(6), 1, "text", "video");
        HeadsSnapshot heads = model.heads();
        HeadsSnapshot copy = HeadsSnapshot.fromBytes(heads.toBytes());
        assertThat(copy.provenance()).isEqualTo(model.provenance());
        assertThat(copy.heads().get("video").weights()).containsExactly(model.weights("video"));
        assertThat(copy.heads().get("video").bias()).containsExactly(model.bias("video"));
        assertThat(copy.toBytes()).isEqualTo(heads.toBytes());
        assertThatThrownBy(() -> HeadsSnapshot.fromBytes(model.toBytes()))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("magic");
    }

    @Test
    void headsBytesAreTheHeadsSnapshotWrittenFromStorage() {
        // 37 outputs: the row-major transposition runs over blocks of 16 rows and a partial one
        ContinualModel model = new ContinualModel(
                DnsConfig.parse(Map.of(DnsConfig.OUTPUT_WIDTH, "37", DnsConfig.LEARNING_RATE, "1e-2")));
        Random random = new Random(8);
        for (int i = 0; i < 2; i++) {
            model.train(
                    "text",
                    SyntheticPairs.gaussian(random, 8 * 40, 1),
                    40,
                    "video",
                    SyntheticPairs.gaussian(random, 8 * 23, 1),
                    23,
                    8);
        }
        assertThat(model.headsBytes(Map.of())).isEqualTo(model.heads().toBytes());
        model.endStep();
        // 16 samples kept of 41 input dimensions: the kept right basis makes the text head's write-back deferred
        assertThat(model.rightBasis("text").form()).isEqualTo(RangeBasis.Form.KEPT);
        assertThat(model.leftBasis("text").form()).isNotEqualTo(RangeBasis.Form.ZERO);
        for (int i = 0; i < 2; i++) {
            model.train(
                    "text",
                    SyntheticPairs.gaussian(random, 8 * 40, 1),
                    40,
                    "audio",
                    SyntheticPairs.gaussian(random, 8 * 50, 1),
                    50,
                    8);
        }
        // mid-step after a step end: the text head has a write-back pending, so its stored matrix is not the head
        assertThat(model.headsBytes(Map.of())).isEqualTo(model.heads().toBytes());
        HeadsSnapshot decoded = HeadsSnapshot.fromBytes(model.headsBytes(Map.of()));
        assertThat(decoded.heads().get("text").weights()).containsExactly(model.weights("text"));
        assertThat(decoded.heads().get("audio").bias()).containsExactly(model.bias("audio"));
    }

    @Test
    void aVersionThatRefersToEarlierOnesResolvesToTheWholeSnapshot() {
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.LEARNING_RATE, "1e-2")));
        train(model, new Random(9), 2, "text", "video");
        model.endStep();
        HeadsSnapshot.Published first = HeadsSnapshot.decode(model.headsBytes(Map.of()));
        train(model, new Random(10), 2, "text", "audio");
        model.endStep();

        byte[] bytes = model.headsBytes(Map.of("video", 1L));
        HeadsSnapshot.Published second = HeadsSnapshot.decode(bytes);
        assertThat(second.carried().keySet()).containsExactly("audio", "text");
        assertThat(second.references()).containsExactly(Map.entry("video", new HeadsSnapshot.Reference(5, 6, 1)));
        assertThat(second.complete()).isFalse();
        assertThat(bytes.length).isLessThan(model.heads().toBytes().length);
        Map<Long, HeadsSnapshot.Published> published = Map.of(1L, first);
        HeadsSnapshot resolved = second.resolve(published::get);
        assertThat(resolved.toBytes()).isEqualTo(model.heads().toBytes());
        assertThatThrownBy(() -> HeadsSnapshot.fromBytes(bytes))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("[video] from earlier versions");
        // the referred version must carry the head
        Map<Long, HeadsSnapshot.Published> wrong = Map.of(1L, second);
        assertThatThrownBy(() -> second.resolve(wrong::get))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("does not carry it");
        // a version can only refer to earlier ones
        assertThatThrownBy(() -> HeadsSnapshot.decode(model.headsBytes(Map.of("video", 2L))))
                .isInstanceOf(StateFormatException.class)
                .hasMessageContaining("not an earlier version");
    }

    private static void train(ContinualModel model, Random random, int batches, String a, String b) {
        for (int i = 0; i < batches; i++) {
            model.train(
                    a,
                    SyntheticPairs.gaussian(random, 8 * 6, 1),
                    6,
                    b,
                    SyntheticPairs.gaussian(random, 8 * 5, 1),
                    5,
                    8);
        }
    }
}
