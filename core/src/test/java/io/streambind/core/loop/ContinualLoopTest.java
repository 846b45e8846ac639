package io.streambind.core.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.eval.TaskPair;
import io.streambind.core.model.BatchProblem;
import io.streambind.core.model.BatchShape;
import io.streambind.core.model.ContinualModel;
import io.streambind.core.model.RejectedBatchException;
import io.streambind.core.model.ResourceLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContinualLoopTest {
    private static final int D = 8;

    private static BatchShape shape(String a, String b, int rows, long seed) {
        Random random = new Random(seed);
        float[] xa = new float[rows * D];
        float[] xb = new float[rows * D];
        for (int i = 0; i < xa.length; i++) {
            xa[i] = (float) random.nextGaussian();
            xb[i] = (float) random.nextGaussian();
        }
        return new BatchShape(a, xa, D, b, xb, D, rows);
    }

    @Test
    void aStepCountsItsPairsAndTasksInTrainingOrderAndHandsTheTasksToTheEvaluation() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        OpenStep open = new OpenStep();
        ContinualLoop loop = new ContinualLoop(model, open, ResourceLimits.DEFAULTS);
        TaskPair zebra = new TaskPair("zebra", "text", "video");
        TaskPair apple = new TaskPair("apple", "text", "video");
        TaskPair audio = new TaskPair("zebra", "audio", "video");
        double first = loop.train(zebra, shape("text", "video", 4, 1)).loss();
        loop.train(audio, shape("audio", "video", 3, 2));
        double middle = loop.train(apple, shape("text", "video", 5, 3)).loss();
        double last = loop.train(zebra, shape("text", "video", 2, 4)).loss();

        List<List<TaskPair>> evaluated = new ArrayList<>();
        ClosedStep<String> closed = loop.endStep((scored, step, trained) -> {
            assertThat(scored).isSameAs(model);
            evaluated.add(trained);
            return "figures of step " + step;
        });

        assertThat(closed.figures()).isEqualTo("figures of step 0");
        assertThat(closed.result().step()).isZero();
        assertThat(model.step()).isEqualTo(1);
        assertThat(evaluated).containsExactly(List.of(zebra, audio, apple));
        assertThat(closed.trained()).containsExactly(zebra, audio, apple);
        assertThat(closed.pairs())
                .extracting(p -> p.modalityA() + "-" + p.modalityB())
                .containsExactly("text-video", "audio-video");
        PairProgress textVideo = closed.pairs().get(0);
        assertThat(textVideo.tasks()).containsExactly("zebra", "apple");
        assertThat(textVideo.batches()).isEqualTo(3);
        assertThat(textVideo.samples()).isEqualTo(11);
        assertThat(textVideo.lossFirst()).isEqualTo(first);
        assertThat(textVideo.lossLast()).isEqualTo(last);
        assertThat(textVideo.lossMean()).isEqualTo((first + middle + last) / 3);
        assertThat(closed.trainedModalities()).containsExactly("audio", "text", "video");
        assertThat(open.pairs()).isEmpty();
        assertThat(open.trainedTasks()).isEmpty();
    }

    @Test
    void aBatchOverTheLimitsChangesNeitherTheModelNorTheStep() {
        ContinualModel model = new ContinualModel(DnsConfig.defaults());
        OpenStep open = new OpenStep();
        ResourceLimits limits =
                new ResourceLimits(4, ResourceLimits.DEFAULTS.maxInputWidth(), ResourceLimits.DEFAULTS.maxModalities());
        ContinualLoop loop = new ContinualLoop(model, open, limits);
        TaskPair task = new TaskPair("t", "text", "video");
        loop.train(task, shape("text", "video", 4, 1));
        byte[] before = model.toBytes();

        BatchShape tooLarge = shape("text", "video", 5, 2);
        assertThat(loop.problem(tooLarge).kind()).isEqualTo(BatchProblem.Kind.BATCH_TOO_LARGE);
        assertThatThrownBy(() -> loop.train(task, tooLarge)).isInstanceOf(RejectedBatchException.class);

        assertThat(model.toBytes()).isEqualTo(before);
        assertThat(open.pairs().get(0).batches()).isEqualTo(1);
        assertThat(open.trainedTasks()).containsExactly(task);
    }

    @Test
    void applyingTheSameBatchesToAFreshModelGivesTheLoopsBytes() {
        ContinualModel trained = new ContinualModel(DnsConfig.defaults());
        ContinualLoop loop = new ContinualLoop(trained, new OpenStep(), ResourceLimits.DEFAULTS);
        ContinualModel redone = new ContinualModel(DnsConfig.defaults());
        for (long seed = 0; seed < 3; seed++) {
            loop.train(new TaskPair("t", "text", "video"), shape("text", "video", 6, seed));
            ContinualLoop.apply(redone, shape("text", "video", 6, seed));
        }
        assertThat(redone.toBytes()).isEqualTo(trained.toBytes());
    }
}
