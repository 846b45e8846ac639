package io.streambind.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.report.TableFigures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoRepeatsTest {
    @Test
    void tableGivesEachMethodItsMeansAndTheirMinMaxRange() {
        Map<String, List<TableFigures>> figures = new LinkedHashMap<>();
        figures.put(
                "dns-exact",
                List.of(
                        new TableFigures(0.56, -0.02, 0.88, -0.002, 0.995, 0.0004, 0.024),
                        new TableFigures(0.54, -0.03, 0.86, -0.004, 0.99, 0.0, 0.026),
                        new TableFigures(0.55, Double.NaN, 0.87, -0.003, 0.985, -0.0004, 0.025)));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        DemoRepeats.printTable(new PrintStream(printed, true, StandardCharsets.UTF_8), figures);

        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).split("\\s+")).containsSubsequence("method", "Acc", "BWT_A", "R@1", "BWT_R1", "R@10");
        // means; BWT_A over the two runs that define it
        assertThat(lines.get(1).trim().split("\\s+"))
                .containsExactly("dns-exact", "55.00", "-2.50", "87.00", "-0.30", "99.00", "0.00", "2.50e-02");
        assertThat(lines.get(2).trim().split("\\s+"))
                .containsExactly(
                        "min–max",
                        "54.00–56.00",
                        "-3.00–-2.00",
                        "86.00–88.00",
                        "-0.40–-0.20",
                        "98.50–99.50",
                        "-0.04–0.04",
                        "2.40e-02–2.60e-02");
    }
}
