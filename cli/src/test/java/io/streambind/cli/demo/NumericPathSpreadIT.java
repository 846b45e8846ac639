package io.streambind.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.Precision;
import io.streambind.core.config.Profile;
import io.streambind.io.StreamDirectory;
import io.streambind.producer.synthetic.SyntheticOptions;
import io.streambind.report.Spread;
import io.streambind.report.TableFigures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench spread} on a CI-sized stream: one replay JVM per numeric path (two thread counts and the AVX-only
 * SANDYBRIDGE kernels, which every AVX2 CPU runs), each giving heads and every table figure.
 */
class NumericPathSpreadIT {
    @TempDir
    Path out;

    @Test
    void everyPathReplaysAndTheReferenceIsItsOwnZero() throws Exception {
        SyntheticOptions tiny = new SyntheticOptions(SyntheticOptions.Scale.SMALL, 16, 2, 64, 32, 32, 1, 3, 0);
        StreamDirectory stream = DemoStream.synthetic(tiny).write(out.resolve("stream"), System.out);
        List<NumericPathSpread.NumericPath> paths = Stream.of(
                        "HASWELL:1", "haswell:2", "SANDYBRIDGE:1", "HASWELL:1:float64", "SANDYBRIDGE:2:float64")
                .map(NumericPathSpread.NumericPath::parse)
                .toList();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        List<NumericPathSpread.MethodSpread> spreads = NumericPathSpread.run(
                new NumericPathSpread.Options(
                        stream.dir(),
                        List.of(DemoMethod.parse("dns-exact", Profile.EXACT)),
                        Demo.DEFAULT_LEARNING_RATE,
                        paths,
                        out.resolve("runs")),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
        String table = printed.toString(StandardCharsets.UTF_8);
        System.out.print(table);

        assertThat(spreads).hasSize(1);
        List<NumericPathSpread.PathResult> results = spreads.get(0).paths();
        assertThat(results).extracting(NumericPathSpread.PathResult::path).containsExactlyElementsOf(paths);
        for (NumericPathSpread.PathResult result : results) {
            assertThat(result.headChange())
                    .as("heads of %s", result.path().label())
                    .containsKeys("text", "video", "audio");
            assertThat(result.headChange().values())
                    .allSatisfy(change -> assertThat(change).isFinite());
            assertThat(result.figures().recall10())
                    .as("R@10 of %s", result.path().label())
                    .isBetween(0.0, 1.0);
            assertThat(table).contains(result.path().label());
        }
        assertThat(results.get(0).headChange().values())
                .as("reference against itself")
                .containsOnly(0.0);
        assertThat(results.get(3).headChange().values())
                .as("float64 reference against itself")
                .containsOnly(0.0);
        assertThat(results.get(3).float64Change().values()).containsOnly(0.0);
        // float64 on other kernels and thread counts: apart only by the float32 rounding of the written heads
        assertThat(results.get(4).maxHeadChange()).isLessThan(1e-5);
        assertThat(results.get(0).maxFloat64Change())
                .as("float32 against float64")
                .isPositive();
        Spread recall10 = spreads.get(0).figureSpread(Precision.FLOAT32).get(TableFigures.NAMES.indexOf("R@10"));
        assertThat(recall10.runs()).isEqualTo(3);
        assertThat(table)
                .contains("min..max float32")
                .contains("min..max float64")
                .contains("/f64");
    }
}
