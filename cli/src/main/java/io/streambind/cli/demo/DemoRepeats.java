package io.streambind.cli.demo;

import io.streambind.report.ReportPage;
import io.streambind.report.Spread;
import io.streambind.report.TableFigures;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The demo run once per seed of its stream, so that a difference between methods can be read against how far
 * each figure moves from seed to seed: every table figure as its mean with its min–max range, in the console and
 * in {@code report.html}.
 */
public final class DemoRepeats {
    private DemoRepeats() {}

    /**
     * Runs the demo for each seed with {@code optionsOfSeed} (each run in an output directory of its own), then
     * prints the table over the runs and writes {@code outDir/report.html}: that table, then the last run's page.
     *
     * @return per method name, its figures in each run, in seed order
     */
    public static Map<String, List<TableFigures>> run(
            LongFunction<Demo.Options> optionsOfSeed, List<Long> seeds, Path outDir, PrintStream out)
            throws IOException, InterruptedException {
        Map<String, List<TableFigures>> figures = new LinkedHashMap<>();
        Map<String, List<TableFigures>> figuresByModelId = new LinkedHashMap<>();
        List<ReportPage.ModelReports> lastRun = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            out.printf(Locale.ROOT, "== Run %d of %d: seed %d%n", i + 1, seeds.size(), seeds.get(i));
            Demo.Result result = new Demo(optionsOfSeed.apply(seeds.get(i)), out).run();
            lastRun.clear();
            for (Demo.MethodResult method : result.methods()) {
                TableFigures run = TableFigures.of(method.table());
                figures.computeIfAbsent(method.method().name(), k -> new ArrayList<>())
                        .add(run);
                figuresByModelId
                        .computeIfAbsent(method.method().modelId(), k -> new ArrayList<>())
                        .add(run);
                lastRun.add(new ReportPage.ModelReports(method.method().modelId(), method.reports()));
            }
        }
        out.printf(
                Locale.ROOT,
                "Over %d runs (seeds %s): mean, and below it the min–max range (percent; BWT closer to 0 is"
                        + " less forgetting)%n",
                seeds.size(),
                seeds.stream().map(String::valueOf).toList());
        printTable(out, figures);
        Files.createDirectories(outDir);
        Path report = outDir.resolve("report.html");
        Files.writeString(
                report,
                ReportPage.render("StreamBind demo over " + seeds.size() + " seeds", lastRun, figuresByModelId),
                StandardCharsets.UTF_8);
        out.println("      report: " + report.toAbsolutePath());
        return figures;
    }

    /** Per method a row of means and a row of min–max ranges, in the columns of the demo's table. */
    static void printTable(PrintStream out, Map<String, List<TableFigures>> figures) {
        out.printf(Locale.ROOT, "      %-17s", "method");
        for (int i = 0; i < TableFigures.NAMES.size(); i++) {
            out.print(TableFigures.column(i, TableFigures.NAMES.get(i)));
        }
        out.println();
        figures.forEach((method, runs) -> {
            List<Spread> spreads = TableFigures.spread(runs);
            StringBuilder means = new StringBuilder(String.format(Locale.ROOT, "      %-17s", method));
            StringBuilder ranges = new StringBuilder(String.format(Locale.ROOT, "      %-17s", "  min–max"));
            for (int i = 0; i < spreads.size(); i++) {
                Spread s = spreads.get(i);
                String range = TableFigures.format(i, s.min()) + "–" + TableFigures.format(i, s.max());
                means.append(TableFigures.column(i, TableFigures.format(i, s.mean())));
                ranges.append(TableFigures.column(i, s.runs() == 0 ? "–" : range));
            }
            out.println(means);
            out.println(ranges);
        });
    }
}
