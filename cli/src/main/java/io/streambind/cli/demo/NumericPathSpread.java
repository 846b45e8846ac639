package io.streambind.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.cli.StreamBindCli;
import io.streambind.core.config.Precision;
import io.streambind.io.FloatRows;
import io.streambind.io.NpyReader;
import io.streambind.replay.ReplayOutput;
import io.streambind.report.Spread;
import io.streambind.report.TableFigures;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How much a replay's outcome depends on the numeric path: the same stream replayed once per path, each in a JVM
 * of its own (OpenBLAS reads its core type and thread count when ND4J loads it), and every path's heads and table
 * figures compared with the first path of the same precision. Replay is bit-identical on one path; float32
 * training with AdamW's nearly sign-like steps amplifies the round-off in which paths differ, float64 training
 * (dns.precision) starts from round-off some 10^9 times smaller.
 */
public final class NumericPathSpread {
    /**
     * Paths measured by default: the launcher's on a 2-core machine (HASWELL kernels, two threads) first, as the
     * reference, then the same four paths in float64; SKYLAKEX needs AVX-512, SANDYBRIDGE AVX.
     */
    public static final String DEFAULT_PATHS = "HASWELL:2,HASWELL:1,SKYLAKEX:2,SANDYBRIDGE:2,"
            + "HASWELL:2:float64,HASWELL:1:float64,SKYLAKEX:2:float64,SANDYBRIDGE:2:float64";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEIGHTS_SUFFIX = ".W.npy";
    private static final String BIAS_SUFFIX = ".b.npy";

    /**
     * One numeric path: the OpenBLAS kernels ({@code OPENBLAS_CORETYPE}), the number of BLAS threads and the
     * precision the model trains in ({@code dns.precision}).
     */
    public record NumericPath(String coreType, int threads, Precision precision) {
        /** {@code CORETYPE:THREADS[:PRECISION]}, e.g. {@code HASWELL:2} (float32) or {@code HASWELL:2:float64}. */
        public static NumericPath parse(String spec) {
            String[] parts = spec.trim().split(":");
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || !parts[1].matches("[1-9][0-9]*")) {
                throw new IllegalArgumentException("numeric path '" + spec + "' is not CORETYPE:THREADS[:PRECISION],"
                        + " e.g. HASWELL:2 or HASWELL:2:float64");
            }
            Precision precision = parts.length == 3 ? Precision.parse(parts[2]) : Precision.FLOAT32;
            return new NumericPath(parts[0].toUpperCase(Locale.ROOT), Integer.parseInt(parts[1]), precision);
        }

        public String label() {
            return coreType + "/" + threads + (precision == Precision.FLOAT64 ? "/f64" : "");
        }

        String directoryName() {
            return coreType + "-" + threads + "-" + precision.configName();
        }

        /** ND4J hands OMP_NUM_THREADS to OpenBLAS and overrides OPENBLAS_NUM_THREADS alone, so both are set. */
        Map<String, String> environment() {
            return Map.of(
                    "OPENBLAS_CORETYPE",
                    coreType,
                    "OMP_NUM_THREADS",
                    Integer.toString(threads),
                    "OPENBLAS_NUM_THREADS",
                    Integer.toString(threads),
                    "OPENBLAS_THREAD_TIMEOUT",
                    "20");
        }
    }

    public record Options(
            Path stream, List<DemoMethod> methods, double learningRate, List<NumericPath> paths, Path outDir) {
        public Options {
            if (paths.size() < 2) {
                throw new IllegalArgumentException("a spread needs at least two numeric paths, got " + paths.size());
            }
        }
    }

    /**
     * One replay on one path. {@code headChange} is, per modality, ||W̃_path − W̃_ref||_F / ||W̃_ref − W̃_init||_F
     * (W̃ = [W | b], W̃_init the identity heads a model starts from) against the first path of the same precision:
     * the path's deviation relative to what training learned; 0 for that reference itself. {@code float64Change} is
     * the same against the first float64 path (how far this path is from double-precision training), empty without
     * one.
     */
    public record PathResult(
            NumericPath path,
            double wallSeconds,
            Map<String, Double> headChange,
            Map<String, Double> float64Change,
            TableFigures figures) {
        public double maxHeadChange() {
            return max(headChange);
        }

        public double maxFloat64Change() {
            return float64Change.isEmpty() ? Double.NaN : max(float64Change);
        }

        private static double max(Map<String, Double> change) {
            return change.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(0);
        }
    }

    /** Every path's result for one method, in the order given. */
    public record MethodSpread(DemoMethod method, List<PathResult> paths) {
        /** The precisions measured, in the order their first path came. */
        public List<Precision> precisions() {
            return paths.stream().map(p -> p.path().precision()).distinct().toList();
        }

        public double maxHeadChange(Precision precision) {
            return of(precision).stream()
                    .mapToDouble(PathResult::maxHeadChange)
                    .max()
                    .orElse(0);
        }

        /** Every table figure's spread over the paths of one precision. */
        public List<Spread> figureSpread(Precision precision) {
            return TableFigures.spread(
                    of(precision).stream().map(PathResult::figures).toList());
        }

        private List<PathResult> of(Precision precision) {
            return paths.stream().filter(p -> p.path().precision() == precision).toList();
        }
    }

    private NumericPathSpread() {}

    public static List<MethodSpread> run(Options options, PrintStream out) throws IOException, InterruptedException {
        out.printf(
                Locale.ROOT,
                "Replaying %s once per method and numeric path (OPENBLAS_CORETYPE/threads[/f64], a JVM"
                        + " each), lr %s%n",
                options.stream(),
                options.learningRate());
        out.println("heads: max over modalities of ||W_path - W_ref||_F / ||W_ref - W_init||_F, W_ref the first path of"
                + " the same precision; vs f64: the same against the first float64 path; figures in percent");
        out.printf(Locale.ROOT, "%-17s %-18s %7s %10s %10s", "method", "path", "wall s", "heads", "vs f64");
        for (int i = 0; i < TableFigures.NAMES.size(); i++) {
            out.print(TableFigures.column(i, TableFigures.NAMES.get(i)));
        }
        out.println();
        List<MethodSpread> spreads = new ArrayList<>();
        for (DemoMethod method : options.methods()) {
            Map<NumericPath, Path> dirs = new LinkedHashMap<>();
            Map<NumericPath, Double> seconds = new LinkedHashMap<>();
            for (NumericPath path : options.paths()) {
                Path dir = options.outDir().resolve(method.name()).resolve(path.directoryName());
                seconds.put(path, replay(options, method, path, dir));
                dirs.put(path, dir);
            }
            Path float64Reference = options.paths().stream()
                    .filter(p -> p.precision() == Precision.FLOAT64)
                    .findFirst()
                    .map(dirs::get)
                    .orElse(null);
            List<PathResult> results = new ArrayList<>();
            for (NumericPath path : options.paths()) {
                Path reference = dirs.get(options.paths().stream()
                        .filter(p -> p.precision() == path.precision())
                        .findFirst()
                        .orElseThrow());
                Path dir = dirs.get(path);
                PathResult result = new PathResult(
                        path,
                        seconds.get(path),
                        headChange(reference, dir),
                        float64Reference == null ? Map.of() : headChange(float64Reference, dir),
                        figures(dir));
                results.add(result);
                printPath(out, results.size() == 1 ? method.name() : "", result);
            }
            MethodSpread spread = new MethodSpread(method, results);
            printSpread(out, spread);
            spreads.add(spread);
        }
        return spreads;
    }

    /** {@code ./streambind replay} of the stream in a JVM with the path's environment; returns its wall seconds. */
    private static double replay(Options options, DemoMethod method, NumericPath path, Path dir)
            throws IOException, InterruptedException {
        Demo.deleteRecursively(dir);
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Surefire may hide the classpath in a manifest-only jar; this property has it in full.
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        long heapMiB = Runtime.getRuntime().maxMemory() >> 20;
        List<String> command = List.of(
                java,
                "-Xmx" + heapMiB + "m",
                "-cp",
                classpath,
                StreamBindCli.class.getName(),
                "replay",
                "--input",
                options.stream().toString(),
                "--out",
                dir.toString(),
                "--method",
                method.method().configName(),
                "--profile",
                method.profile().name().toLowerCase(Locale.ROOT),
                "--lr",
                Double.toString(options.learningRate()),
                "--precision",
                path.precision().configName());
        Path log = dir.resolve("replay.log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(path.environment());
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("replay of " + method.name() + " on " + path.label() + " exited " + exit
                    + " (a core type whose instructions this CPU lacks ends it at once): "
                    + Files.readString(log).strip());
        }
        return seconds;
    }

    private static Map<String, Double> headChange(Path reference, Path dir) throws IOException {
        Map<String, Double> change = new LinkedHashMap<>();
        List<Path> heads;
        try (Stream<Path> files = Files.list(reference)) {
            heads = files.filter(f -> f.getFileName().toString().endsWith(WEIGHTS_SUFFIX))
                    .sorted()
                    .toList();
        }
        for (Path weights : heads) {
            String name = weights.getFileName().toString();
            String modality = name.substring(0, name.length() - WEIGHTS_SUFFIX.length());
            change.put(modality, relativeDeviation(reference, dir, modality));
        }
        return change;
    }

    private static double relativeDeviation(Path reference, Path dir, String modality) throws IOException {
        FloatRows refWeights = NpyReader.readMatrix(reference.resolve(modality + WEIGHTS_SUFFIX));
        FloatRows weights = NpyReader.readMatrix(dir.resolve(modality + WEIGHTS_SUFFIX));
        float[] refBias = NpyReader.readVector(reference.resolve(modality + BIAS_SUFFIX));
        float[] bias = NpyReader.readVector(dir.resolve(modality + BIAS_SUFFIX));
        double deviation = 0;
        double learned = 0;
        for (int r = 0; r < refWeights.rows(); r++) {
            for (int c = 0; c < refWeights.cols(); c++) {
                int i = r * refWeights.cols() + c;
                double ref = refWeights.data()[i];
                double d = weights.data()[i] - ref;
                double l = ref - (r == c ? 1 : 0); // the identity head every model starts from
                deviation += d * d;
                learned += l * l;
            }
            double d = bias[r] - refBias[r];
            deviation += d * d;
            learned += (double) refBias[r] * refBias[r];
        }
        return Math.sqrt(deviation) / Math.sqrt(learned);
    }

    /** The table figures from replay's metrics.json. */
    static TableFigures figures(Path dir) throws IOException {
        JsonNode summary =
                JSON.readTree(dir.resolve(ReplayOutput.METRICS_FILE).toFile()).get("summary");
        return new TableFigures(
                value(summary, "meanAccuracy"),
                value(summary, "bwtAccuracy"),
                value(summary, "meanR1"),
                value(summary, "bwtR1"),
                value(summary, "meanR10"),
                value(summary, "bwtR10"),
                value(summary, "meanStabilityDeviation"));
    }

    private static double value(JsonNode summary, String field) {
        JsonNode node = summary.get(field);
        return node == null || node.isNull() ? Double.NaN : node.asDouble();
    }

    private static void printPath(PrintStream out, String method, PathResult result) {
        out.printf(
                Locale.ROOT,
                "%-17s %-18s %7.1f %10.2e %10.2e",
                method,
                result.path().label(),
                result.wallSeconds(),
                result.maxHeadChange(),
                result.maxFloat64Change());
        double[] values = result.figures().values();
        for (int i = 0; i < values.length; i++) {
            out.print(TableFigures.column(i, TableFigures.format(i, values[i])));
        }
        out.println();
    }

    private static void printSpread(PrintStream out, MethodSpread spread) {
        for (Precision precision : spread.precisions()) {
            out.printf(
                    Locale.ROOT,
                    "%-17s %-18s %7s %10.2e %10s",
                    "",
                    "min..max " + precision.configName(),
                    "",
                    spread.maxHeadChange(precision),
                    "");
            List<Spread> figures = spread.figureSpread(precision);
            for (int i = 0; i < figures.size(); i++) {
                Spread s = figures.get(i);
                String range = TableFigures.format(i, s.min()) + ".." + TableFigures.format(i, s.max());
                out.print(TableFigures.column(i, s.runs() == 0 ? "–" : range));
            }
            out.println();
        }
    }
}
