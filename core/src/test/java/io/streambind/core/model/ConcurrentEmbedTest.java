package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Serving shares one decoded model between request threads: each call must get the single-threaded answer. */
class ConcurrentEmbedTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 40;
    private static final int WIDTH = 32;

    @Test
    void eightThreadsEmbeddingOneRestoredModelGetTheSingleThreadedAnswers() throws Exception {
        byte[] state = midStepModelWithKeptBasis().toBytes();
        List<float[]> probes = new ArrayList<>();
        Random random = new Random(7);
        for (int rows = 1; rows <= 12; rows++) { // sizes differ, so shared buffers would be resized under a reader
            probes.add(SyntheticPairs.gaussian(random, rows * WIDTH, 1));
        }
        String[] modalities = {"text", "video"};
        ContinualModel reference = ContinualModel.fromBytes(state);
        List<float[]> expected = new ArrayList<>();
        for (int i = 0; i < probes.size(); i++) {
            expected.add(reference.embed(modalities[i % 2], probes.get(i), probes.get(i).length / WIDTH));
        }

        ContinualModel shared = ContinualModel.fromBytes(state); // bases still wait for their first use
        CyclicBarrier start = new CyclicBarrier(THREADS);
        AtomicLong served = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int offset = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < ROUNDS; round++) {
                        for (int k = 0; k < probes.size(); k++) {
                            int i = (k + offset) % probes.size();
                            float[] got = shared.embed(modalities[i % 2], probes.get(i), probes.get(i).length / WIDTH);
                            served.incrementAndGet();
                            if (!Arrays.equals(got, expected.get(i))) {
                                wrong.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(
                "concurrent embed (core): %d threads, %d calls served, %d wrong answers%n",
                THREADS, served.get(), wrong.get());
        assertThat(served.get()).isEqualTo((long) THREADS * ROUNDS * probes.size());
        assertThat(wrong.get()).isZero();
    }

    /** Profile exact mid-step with a kept right basis: embed goes through the pending output correction. */
    private static ContinualModel midStepModelWithKeptBasis() {
        ContinualModel model = new ContinualModel(
                DnsConfig.parse(Map.of(DnsConfig.PROFILE, "exact", DnsConfig.LEARNING_RATE, "1e-2")));
        Random random = new Random(3);
        train(model, random, 2);
        model.endStep();
        train(model, random, 2);
        Ranks ranks = model.ranks("text");
        assertThat(ranks.right())
                .as("a kept basis, smaller than half the width")
                .isBetween(1, WIDTH / 2);
        return model;
    }

    private static void train(ContinualModel model, Random random, int batches) {
        int rows = 6;
        for (int b = 0; b < batches; b++) {
            model.train(
                    "text",
                    SyntheticPairs.gaussian(random, rows * WIDTH, 1),
                    WIDTH,
                    "video",
                    SyntheticPairs.gaussian(random, rows * WIDTH, 1),
                    WIDTH,
                    rows);
        }
    }
}
