package io.streambind.cli;

import io.streambind.avro.StepReport;
import io.streambind.report.ReportPage;
import io.streambind.report.ReportsReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description =
                "Reads the step reports of models and writes a self-contained HTML page (accuracy/R@10 heatmaps, curves, ranks, paper-style table).")
public final class ReportCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--model", description = "Model id to include (repeatable; default: every model on the topic).")
    List<String> models = new ArrayList<>();

    @Option(
            names = "--out",
            defaultValue = "report.html",
            description = "HTML file to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(
            names = "--timeout",
            defaultValue = "PT60S",
            description = "How long to read the reports topic at most (ISO-8601, default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        Map<String, List<StepReport>> reports = ReportsReader.readAll(
                connection.clientProperties(), connection.topics().reports(), Set.copyOf(models), timeout);
        if (reports.isEmpty()) {
            System.err.println("No step reports found" + (models.isEmpty() ? "" : " for " + models) + ".");
            return 1;
        }
        List<ReportPage.ModelReports> pages = new ArrayList<>();
        reports.forEach((model, steps) -> pages.add(new ReportPage.ModelReports(model, steps)));
        Files.writeString(out, ReportPage.render("StreamBind report", pages), StandardCharsets.UTF_8);
        System.out.println("Wrote " + out.toAbsolutePath() + " (" + reports.size() + " model(s)).");
        return 0;
    }
}
