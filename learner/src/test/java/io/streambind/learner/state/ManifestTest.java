package io.streambind.learner.state;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.eval.TaskPair;
import io.streambind.core.loop.ContinualLoop;
import io.streambind.core.loop.PairProgress;
import io.streambind.core.model.BatchShape;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.ResourceLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The manifest in the store keeps the shape earlier learners wrote: the open step's {@code pairs} and
 * {@code trainedTasks} at the top level, each pair's figures by field name. {@code golden/manifest-open-step.json}
 * was written by the learner before the open step moved into core's continual loop.
 */
class ManifestTest {
    private static byte[] golden() throws IOException {
        try (InputStream in = ManifestTest.class.getResourceAsStream("/golden/manifest-open-step.json")) {
            return in.readAllBytes();
        }
    }

    @Test
    void aManifestEarlierLearnersWroteReadsAndWritesBackTheSameFields() throws IOException {
        Manifest manifest = Manifest.fromJson(golden());

        assertThat(manifest.modelId).isEqualTo("golden-model");
        assertThat(manifest.step).isEqualTo(3);
        assertThat(manifest.redoEntries).isEqualTo(2);
        List<PairProgress> pairs = manifest.openStep.pairs();
        assertThat(pairs).extracting(PairProgress::modalityA).containsExactly("text", "audio");
        PairProgress textVideo = pairs.get(0);
        assertThat(textVideo.modalityB()).isEqualTo("video");
        assertThat(textVideo.tasks()).containsExactly("apple", "zebra");
        assertThat(textVideo.batches()).isEqualTo(2);
        assertThat(textVideo.samples()).isEqualTo(24);
        assertThat(textVideo.lossFirst()).isEqualTo(2.5);
        assertThat(textVideo.lossLast()).isEqualTo(2.25);
        assertThat(textVideo.lossMean()).isEqualTo(2.375);
        assertThat(manifest.openStep.trainedTasks())
                .containsExactly(
                        new TaskPair("zebra", "text", "video"),
                        new TaskPair("zebra", "audio", "video"),
                        new TaskPair("apple", "text", "video"));
        assertThat(manifest.testWidths.get("zebra text-video")).containsExactly(8, 8);
        assertThat(manifest.carriedHeads.get("text").version).isEqualTo(2);
        assertThat(manifest.lastRecord.offset()).isEqualTo(44);

        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(manifest.toJson())).isEqualTo(json.readTree(golden()));
    }

    @Test
    void theLoopsProgressSurvivesTheStoreAndGoesOnCounting() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        Manifest manifest = Manifest.fresh("m");
        TaskPair task = new TaskPair("t", "text", "video");
        double first = new ContinualLoop(model, manifest.openStep, ResourceLimits.DEFAULTS)
                .train(task, shape(1))
                .loss();

        Manifest restored = Manifest.fromJson(manifest.toJson());
        double second = new ContinualLoop(model, restored.openStep, ResourceLimits.DEFAULTS)
                .train(task, shape(2))
                .loss();

        PairProgress pair = restored.openStep.pairs().get(0);
        assertThat(pair.batches()).isEqualTo(2);
        assertThat(pair.samples()).isEqualTo(8);
        assertThat(pair.lossFirst()).isEqualTo(first);
        assertThat(pair.lossLast()).isEqualTo(second);
        assertThat(pair.tasks()).containsExactly("t");
        assertThat(restored.openStep.trainedTasks()).containsExactly(task);
    }

    private static BatchShape shape(long seed) {
        float[] xa = new float[4 * 8];
        float[] xb = new float[4 * 8];
        Random random = new Random(seed);
        for (int i = 0; i < xa.length; i++) {
            xa[i] = (float) random.nextGaussian();
            xb[i] = (float) random.nextGaussian();
        }
        return new BatchShape("text", xa, 8, "video", xb, 8, 4);
    }
}
