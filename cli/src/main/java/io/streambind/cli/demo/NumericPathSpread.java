package io.streambind.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streambind.cli.StreamBindCli;
import io.streambind.core.io.FloatRows;
import io.streambind.core.io.NpyReader;
import io.streambind.core.replay.ReplayOutput;
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
 * figures compared with the first path's. Replay is bit-identical on one path; float32 training with AdamW's
 * nearly sign-like steps amplifies the round-off in which paths differ.
 */
public final class NumericPathSpread {
  /**
   * Paths measured by default: the launcher's on a 2-core machine (HASWELL kernels, two threads) first, as the
   * reference; SKYLAKEX needs AVX-512, SANDYBRIDGE AVX.
   */
  public static final String DEFAULT_PATHS = "HASWELL:2,HASWELL:1,SKYLAKEX:2,SANDYBRIDGE:2";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEIGHTS_SUFFIX = ".W.npy";
  private static final String BIAS_SUFFIX = ".b.npy";

  /** One numeric path: the OpenBLAS kernels ({@code OPENBLAS_CORETYPE}) and the number of BLAS threads. */
  public record NumericPath(String coreType, int threads) {
    /** {@code CORETYPE:THREADS}, e.g. {@code HASWELL:2}. */
    public static NumericPath parse(String spec) {
      String[] parts = spec.trim().split(":");
      if (parts.length != 2 || parts[0].isBlank() || !parts[1].matches("[1-9][0-9]*")) {
        throw new IllegalArgumentException("numeric path '" + spec + "' is not CORETYPE:THREADS, e.g. HASWELL:2");
      }
      return new NumericPath(parts[0].toUpperCase(Locale.ROOT), Integer.parseInt(parts[1]));
    }

    public String label() {
      return coreType + "/" + threads;
    }

    /** ND4J hands OMP_NUM_THREADS to OpenBLAS and overrides OPENBLAS_NUM_THREADS alone, so both are set. */
    Map<String, String> environment() {
      return Map.of("OPENBLAS_CORETYPE", coreType, "OMP_NUM_THREADS", Integer.toString(threads),
          "OPENBLAS_NUM_THREADS", Integer.toString(threads), "OPENBLAS_THREAD_TIMEOUT", "20");
    }
  }

  public record Options(Path stream, List<DemoMethod> methods, double learningRate, List<NumericPath> paths,
      Path outDir) {
    public Options {
      if (paths.size() < 2) {
        throw new IllegalArgumentException("a spread needs at least two numeric paths, got " + paths.size());
      }
    }
  }

  /**
   * One replay on one path. {@code headChange} is, per modality, ||W̃_path − W̃_ref||_F / ||W̃_ref − W̃_init||_F
   * (W̃ = [W | b], W̃_init the identity heads a model starts from): the path's deviation relative to what training
   * learned; 0 for the reference path itself.
   */
  public record PathResult(NumericPath path, double wallSeconds, Map<String, Double> headChange,
      TableFigures figures) {
    public double maxHeadChange() {
      return headChange.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
  }

  /** Every path's result for one method, the reference path first. */
  public record MethodSpread(DemoMethod method, List<PathResult> paths) {
    public double maxHeadChange() {
      return paths.stream().mapToDouble(PathResult::maxHeadChange).max().orElse(0);
    }

    public List<Spread> figureSpread() {
      return TableFigures.spread(paths.stream().map(PathResult::figures).toList());
    }
  }

  private NumericPathSpread() {}

  public static List<MethodSpread> run(Options options, PrintStream out) throws IOException, InterruptedException {
    out.printf(Locale.ROOT, "Replaying %s once per method and numeric path (OPENBLAS_CORETYPE/threads, a JVM each),"
        + " lr %s; reference %s%n", options.stream(), options.learningRate(), options.paths().get(0).label());
    out.println("heads: max over modalities of ||W_path - W_ref||_F / ||W_ref - W_init||_F; figures in percent");
    out.printf(Locale.ROOT, "%-17s %-14s %7s %10s", "method", "path", "wall s", "heads");
    for (int i = 0; i < TableFigures.NAMES.size(); i++) {
      out.print(TableFigures.column(i, TableFigures.NAMES.get(i)));
    }
    out.println();
    List<MethodSpread> spreads = new ArrayList<>();
    for (DemoMethod method : options.methods()) {
      List<PathResult> results = new ArrayList<>();
      Path reference = null;
      for (NumericPath path : options.paths()) {
        Path dir = options.outDir().resolve(method.name()).resolve(path.coreType() + "-" + path.threads());
        double seconds = replay(options, method, path, dir);
        if (reference == null) {
          reference = dir;
        }
        PathResult result = new PathResult(path, seconds, headChange(reference, dir), figures(dir));
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
    List<String> command = List.of(java, "-Xmx" + heapMiB + "m", "-cp", classpath, StreamBindCli.class.getName(),
        "replay", "--input", options.stream().toString(), "--out", dir.toString(),
        "--method", method.method().configName(), "--profile", method.profile().name().toLowerCase(Locale.ROOT),
        "--lr", Double.toString(options.learningRate()));
    Path log = dir.resolve("replay.log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(path.environment());
    long start = System.nanoTime();
    int exit = builder.start().waitFor();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException("replay of " + method.name() + " on " + path.label() + " exited " + exit
          + " (a core type whose instructions this CPU lacks ends it at once): " + Files.readString(log).strip());
    }
    return seconds;
  }

  private static Map<String, Double> headChange(Path reference, Path dir) throws IOException {
    Map<String, Double> change = new LinkedHashMap<>();
    List<Path> heads;
    try (Stream<Path> files = Files.list(reference)) {
      heads = files.filter(f -> f.getFileName().toString().endsWith(WEIGHTS_SUFFIX)).sorted().toList();
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
    JsonNode summary = JSON.readTree(dir.resolve(ReplayOutput.METRICS_FILE).toFile()).get("summary");
    return new TableFigures(value(summary, "meanAccuracy"), value(summary, "bwtAccuracy"), value(summary, "meanR1"),
        value(summary, "bwtR1"), value(summary, "meanR10"), value(summary, "bwtR10"),
        value(summary, "meanStabilityDeviation"));
  }

  private static double value(JsonNode summary, String field) {
    JsonNode node = summary.get(field);
    return node == null || node.isNull() ? Double.NaN : node.asDouble();
  }

  private static void printPath(PrintStream out, String method, PathResult result) {
    out.printf(Locale.ROOT, "%-17s %-14s %7.1f %10.2e", method, result.path().label(), result.wallSeconds(),
        result.maxHeadChange());
    double[] values = result.figures().values();
    for (int i = 0; i < values.length; i++) {
      out.print(TableFigures.column(i, TableFigures.format(i, values[i])));
    }
    out.println();
  }

  private static void printSpread(PrintStream out, MethodSpread spread) {
    out.printf(Locale.ROOT, "%-17s %-14s %7s %10.2e", "", "min..max", "", spread.maxHeadChange());
    List<Spread> figures = spread.figureSpread();
    for (int i = 0; i < figures.size(); i++) {
      Spread s = figures.get(i);
      String range = TableFigures.format(i, s.min()) + ".." + TableFigures.format(i, s.max());
      out.print(TableFigures.column(i, s.runs() == 0 ? "–" : range));
    }
    out.println();
  }
}
