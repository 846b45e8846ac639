package io.streambind.report;

import io.streambind.avro.ModalityRanks;
import io.streambind.avro.StepReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * A self-contained HTML page (inline CSS and SVG, no scripts, nothing fetched) with the paper-style
 * table per model, R@1, R@10 and accuracy matrices as heatmaps, per-step curves and kept ranks.
 */
public final class ReportPage {
    /** The reports of one model, in step order. */
    public record ModelReports(String modelId, List<StepReport> reports) {}

    private static final String[] SERIES_COLORS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"};

    private ReportPage() {}

    public static String render(String title, List<ModelReports> models) {
        return render(title, models, Map.of());
    }

    /**
     * The page of one run, preceded by the table of every model's figures over several runs (seeds) when
     * {@code runsByModel} (model id to its figures in each run) is not empty.
     */
    public static String render(String title, List<ModelReports> models, Map<String, List<TableFigures>> runsByModel) {
        List<ContinualTable> tables = new ArrayList<>();
        for (ModelReports model : models) {
            tables.add(ContinualTable.of(model.modelId(), model.reports()));
        }
        StringBuilder html = new StringBuilder(16_384);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title))
                .append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;margin:0.5em 0 1.5em}")
                .append("td,th{border:1px solid #ccc;padding:3px 7px;text-align:right;font-size:13px}")
                .append("th{background:#f3f3f3}td.l,th.l{text-align:left}")
                .append(
                        "h2{margin-top:2em;border-bottom:1px solid #ddd}svg{background:#fff;border:1px solid #ddd;margin:4px}")
                .append("</style></head><body>\n<h1>")
                .append(escape(title))
                .append("</h1>\n");
        if (!runsByModel.isEmpty()) {
            repeatsTable(html, runsByModel);
        }
        summaryTable(html, tables);
        curves(html, tables);
        for (int i = 0; i < models.size(); i++) {
            modelSection(html, tables.get(i), models.get(i).reports());
        }
        return html.append("</body></html>\n").toString();
    }

    private static void summaryTable(StringBuilder html, List<ContinualTable> tables) {
        html.append("<h2>Summary (paper-style, percent)</h2>\n<table id=\"summary\"><tr><th class=\"l\">model</th>")
                .append(
                        "<th>Acc</th><th>BWT<sub>A</sub></th><th>R@1</th><th>BWT<sub>R1</sub></th><th>R@10</th><th>BWT<sub>R10</sub></th>")
                .append("<th>mean stability deviation</th><th>evaluated steps</th></tr>\n");
        for (ContinualTable t : tables) {
            html.append("<tr><td class=\"l\">")
                    .append(escape(t.modelId()))
                    .append("</td>")
                    .append(cell(percent(t.finalAccuracy())))
                    .append(cell(percent(t.backwardTransferAccuracy())))
                    .append(cell(percent(t.finalRecall1())))
                    .append(cell(percent(t.backwardTransferRecall1())))
                    .append(cell(percent(t.finalRecall10())))
                    .append(cell(percent(t.backwardTransferRecall10())))
                    .append(cell(plain(t.meanStabilityDeviation())))
                    .append(cell(Integer.toString(t.rows())))
                    .append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static void repeatsTable(StringBuilder html, Map<String, List<TableFigures>> runsByModel) {
        int runs = runsByModel.values().iterator().next().size();
        html.append("<h2>Over ")
                .append(runs)
                .append(" runs (seeds): mean and min–max range (percent)</h2>\n")
                .append("<table id=\"repeats\"><tr><th class=\"l\">model</th>");
        for (String name : TableFigures.NAMES) {
            html.append("<th>").append(escape(name)).append("</th>");
        }
        html.append("</tr>\n");
        runsByModel.forEach((modelId, figures) -> {
            html.append("<tr><td class=\"l\">").append(escape(modelId)).append("</td>");
            List<Spread> spreads = TableFigures.spread(figures);
            for (int i = 0; i < spreads.size(); i++) {
                Spread s = spreads.get(i);
                String format = i == TableFigures.STABILITY_DEVIATION ? "%.3g" : "%.2f";
                double scale = i == TableFigures.STABILITY_DEVIATION ? 1 : 100;
                html.append(cell(
                        s.runs() == 0
                                ? "–"
                                : String.format(
                                        Locale.ROOT,
                                        format + "<br><small>" + format + "–" + format + "</small>",
                                        scale * s.mean(),
                                        scale * s.min(),
                                        scale * s.max())));
            }
            html.append("</tr>\n");
        });
        html.append("</table>\n");
    }

    private static void curves(StringBuilder html, List<ContinualTable> tables) {
        html.append("<h2>Per-step curves</h2>\n<div>");
        chart(html, "R@1 (mean over evaluated tasks, %)", tables, t -> row -> 100 * t.recall1Mean(row));
        chart(html, "R@10 (mean over evaluated tasks, %)", tables, t -> row -> 100 * t.recall10Mean(row));
        chart(html, "Accuracy (mean over evaluated tasks, %)", tables, t -> row -> 100 * t.accuracyMean(row));
        chart(html, "BWT R@10 (%)", tables, t -> row -> 100 * t.recall10BackwardTransfer(row));
        chart(html, "Stability deviation", tables, t -> t::stabilityDeviation);
        html.append("</div>\n");
    }

    private interface Series {
        IntFunction<Double> of(ContinualTable table);
    }

    /** One SVG line chart, one series per model, x = evaluated step. */
    private static void chart(StringBuilder html, String title, List<ContinualTable> tables, Series series) {
        int width = 420;
        int height = 220;
        int left = 50;
        int bottom = 30;
        int maxRows = tables.stream().mapToInt(ContinualTable::rows).max().orElse(0);
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (ContinualTable t : tables) {
            for (int r = 0; r < t.rows(); r++) {
                double v = series.of(t).apply(r);
                if (!Double.isNaN(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            min = 0;
            max = 1;
        }
        if (max - min < 1e-12) {
            max = min + 1;
        }
        double plotW = width - left - 10.0;
        double plotH = height - bottom - 25.0;
        html.append(String.format(
                        Locale.ROOT,
                        "<svg class=\"chart\" width=\"%d\" height=\"%d\" role=\"img\"><title>%s</title>",
                        width,
                        height,
                        escape(title)))
                .append(String.format(
                        Locale.ROOT, "<text x=\"%d\" y=\"16\" font-size=\"13\">%s</text>", left, escape(title)))
                .append(String.format(Locale.ROOT, "<text x=\"4\" y=\"30\" font-size=\"10\">%s</text>", fmt(max)))
                .append(String.format(
                        Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"10\">%s</text>", height - bottom, fmt(min)))
                .append(String.format(
                        Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>",
                        left,
                        height - bottom,
                        width - 10,
                        height - bottom));
        for (int i = 0; i < tables.size(); i++) {
            ContinualTable t = tables.get(i);
            String color = SERIES_COLORS[i % SERIES_COLORS.length];
            StringBuilder points = new StringBuilder();
            for (int r = 0; r < t.rows(); r++) {
                double v = series.of(t).apply(r);
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = left + (maxRows <= 1 ? plotW / 2 : plotW * r / (maxRows - 1));
                double y = 25 + plotH * (1 - (v - min) / (max - min));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            html.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                    .append(color)
                    .append("\" points=\"")
                    .append(points)
                    .append("\"/>")
                    .append(String.format(
                            Locale.ROOT,
                            "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"%s\">%s</text>",
                            left + 5 + 120 * i,
                            height - 8,
                            color,
                            escape(t.modelId())));
        }
        html.append("</svg>");
    }

    private static void modelSection(StringBuilder html, ContinualTable t, List<StepReport> reports) {
        html.append("<h2>Model ").append(escape(t.modelId())).append("</h2>\n");
        html.append("<h3>R@1 matrix (row: after step, column: task; %)</h3>\n");
        heatmap(html, t, Matrix.R1);
        html.append("<h3>R@10 matrix (row: after step, column: task; %)</h3>\n");
        heatmap(html, t, Matrix.R10);
        html.append("<h3>Zero-shot accuracy matrix (%)</h3>\n");
        heatmap(html, t, Matrix.ACCURACY);
        html.append("<h3>Kept ranks per modality (right / left basis)</h3>\n");
        ranks(html, reports);
    }

    /** The matrices a model section draws. */
    private enum Matrix {
        R1,
        R10,
        ACCURACY
    }

    private static void heatmap(StringBuilder html, ContinualTable t, Matrix matrix) {
        List<String> columns = t.columns();
        html.append("<table class=\"heatmap\"><tr><th class=\"l\">step (trained)</th>");
        for (String column : columns) {
            html.append("<th>").append(escape(column)).append("</th>");
        }
        html.append("</tr>\n<tr class=\"baseline\"><th class=\"l\">before training (identity heads)</th>");
        for (String column : columns) {
            heatCell(
                    html,
                    switch (matrix) {
                        case R1 -> t.baselineRecall1(column);
                        case R10 -> t.baselineRecall10(column);
                        case ACCURACY -> t.baselineAccuracy(column);
                    });
        }
        html.append("</tr>\n");
        for (int r = 0; r < t.rows(); r++) {
            html.append("<tr><th class=\"l\">")
                    .append(t.step(r))
                    .append(" (")
                    .append(escape(t.trainedTask(r)))
                    .append(")</th>");
            for (String column : columns) {
                heatCell(
                        html,
                        switch (matrix) {
                            case R1 -> t.recall1(r, column);
                            case R10 -> t.recall10(r, column);
                            case ACCURACY -> t.accuracy(r, column);
                        });
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    /** One heatmap cell: white at 0, saturated blue at 1, empty when not evaluated. */
    private static void heatCell(StringBuilder html, double v) {
        if (Double.isNaN(v)) {
            html.append("<td></td>");
        } else {
            int shade = (int) Math.round(255 - 175 * Math.max(0, Math.min(1, v)));
            html.append(String.format(
                    Locale.ROOT, "<td style=\"background:rgb(%d,%d,255)\">%.1f</td>", shade, shade, 100 * v));
        }
    }

    private static void ranks(StringBuilder html, List<StepReport> reports) {
        TreeSet<String> modalities = new TreeSet<>();
        for (StepReport report : reports) {
            for (ModalityRanks ranks : report.getKeptRanks()) {
                modalities.add(ranks.getModality());
            }
        }
        html.append("<table class=\"ranks\"><tr><th class=\"l\">step</th>");
        for (String m : modalities) {
            html.append("<th>").append(escape(m)).append("</th>");
        }
        html.append("</tr>\n");
        for (StepReport report : reports) {
            html.append("<tr><th class=\"l\">").append(report.getStep()).append("</th>");
            for (String m : modalities) {
                String value = report.getKeptRanks().stream()
                        .filter(r -> r.getModality().equals(m))
                        .map(r -> r.getRight() + " / " + r.getLeft())
                        .findFirst()
                        .orElse("");
                html.append("<td>").append(value).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</table>\n");
    }

    private static String percent(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2f", 100 * value.getAsDouble()) : "–";
    }

    private static String plain(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3g", value.getAsDouble()) : "–";
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3g", value);
    }

    private static String cell(String text) {
        return "<td>" + text + "</td>";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
