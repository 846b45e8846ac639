package io.streambind.producer.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import io.streambind.producer.StreamSink;
import io.streambind.replay.Replay;
import io.streambind.replay.ReplayResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property the synthetic benchmark exists for, measured with replay: naive training forgets
 * earlier tasks, DNS does not.
 */
class SyntheticForgettingTest {
    /**
     * AdamW's near-sign steps move W by about lr * d in spectral norm per iteration, so at d = 128 the
     * paper's 1e-4 (tuned for d = 1024) does not move the heads far enough in 24 iterations per step
     * for the conflicting maps to outweigh what all tasks share; 2e-3 gives a comparable move per
     * step. producer/README.md has the figures at the default lr.
     */
    private static final String LEARNING_RATE = "2e-3";

    private static final int DIM = 128;

    @TempDir
    Path dir;

    @Test
    void vanillaForgetsAndDnsHoldsOldAlignment() throws IOException {
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(dir)) {
            new SyntheticStream(SyntheticOptions.small(DIM, 7)).emit(StreamSink.of(writer));
        }
        StreamDirectory stream = StreamDirectory.open(dir);
        ReplayResult vanilla = replay(stream, "vanilla");
        ReplayResult dns = replay(stream, "dns");
        print("vanilla", vanilla);
        print("dns/exact", dns);

        assertThat(vanilla.bwtR10()).isLessThan(-0.02);
        assertThat(Math.abs(dns.bwtR10())).isLessThan(0.01);
        assertThat(dns.meanStabilityDeviation() * 10).isLessThan(vanilla.meanStabilityDeviation());
        // Plasticity: DNS learns the new tasks through their own domain directions, so its final mean R@10 keeps up.
        assertThat(dns.evaluator().recall10Matrix().lastRowMean())
                .isGreaterThan(vanilla.evaluator().recall10Matrix().lastRowMean() - 0.03);
    }

    private static ReplayResult replay(StreamDirectory stream, String method) throws IOException {
        return new Replay(DnsConfig.defaults()
                        .with(Map.of(DnsConfig.METHOD, method, DnsConfig.LEARNING_RATE, LEARNING_RATE)))
                .run(stream);
    }

    private static void print(String name, ReplayResult result) {
        System.out.printf(
                Locale.ROOT,
                "%-10s BWT_R10 %+.4f  final R@10 %.4f  BWT_Acc %s  mean stability %.2e  R@10 step0 %.3f%n",
                name,
                result.bwtR10(),
                result.evaluator().recall10Matrix().lastRowMean(),
                result.evaluator().accuracyMatrix().backwardTransfer(),
                result.meanStabilityDeviation(),
                result.evaluator().recall10Matrix().value(0, "UCF101 text-video"));
        double[][] r10 = result.evaluator().recall10Matrix().toArray();
        for (double[] row : r10) {
            StringBuilder line = new StringBuilder("   ");
            for (double v : row) {
                line.append(Double.isNaN(v) ? "   -  " : String.format(Locale.ROOT, " %.3f", v));
            }
            System.out.println(line);
        }
        result.steps()
                .forEach(s -> System.out.printf(
                        Locale.ROOT,
                        "   step %d loss %.3f -> %.3f stab %s%n",
                        s.result().step(),
                        s.pairs().get(0).lossFirst(),
                        s.pairs().get(0).lossLast(),
                        s.figures().stabilityDeviation()));
    }
}
