package io.streambind.cli.demo;

import io.streambind.avro.PairSummary;
import io.streambind.avro.StepReport;
import io.streambind.avro.StreamRecord;
import io.streambind.avro.TaskMetrics;
import io.streambind.cli.Stopwatch;
import io.streambind.core.config.DnsConfig;
import io.streambind.core.io.BatchEvent;
import io.streambind.core.io.Split;
import io.streambind.core.io.StepEndEvent;
import io.streambind.core.io.StreamDirectory;
import io.streambind.core.io.StreamDirectoryWriter;
import io.streambind.dataset.wordnet.WordNetBenchmark;
import io.streambind.dataset.wordnet.WordNetScale;
import io.streambind.dataset.wordnet.WordNetStreamBuilder;
import io.streambind.embedded.EmbeddedKafkaConfig;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.LearnerConfig;
import io.streambind.producer.BatchPublisher;
import io.streambind.producer.DirectorySource;
import io.streambind.producer.Producers;
import io.streambind.producer.PublishStats;
import io.streambind.producer.StreamSink;
import io.streambind.producer.synthetic.SyntheticOptions;
import io.streambind.producer.synthetic.SyntheticStream;
import io.streambind.report.ContinualTable;
import io.streambind.report.ReportPage;
import io.streambind.schemas.registry.RegistryClientConfig;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.TopicProvisioner;
import io.streambind.schemas.topics.Topics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;

/**
 * The whole system on loopback: embedded broker and registry, the learner, a benchmark stream (the
 * synthetic 11-step one, or WordNet encoded by real text encoders) streamed once per compared method
 * (one model each), live step lines, the paper-style table and the HTML report. Everything but the output directory is removed at the end.
 */
public final class Demo {
  /**
   * What the demo runs.
   *
   * @param stream the stream directory streamed once per method, written into {@code outDir/stream}
   * @param learningRate AdamW learning rate of every model ({@code dns.lr})
   * @param publishFirst publish the whole stream before the learner starts, so its time is the learner's
   *     alone (for benchmarks); otherwise producers and learner run together, as in production
   * @param cluster client settings of a running cluster and registry to use instead of the embedded stack
   *     (bootstrap.servers, schema.registry.url, security keys); null starts the embedded stack. The run
   *     then uses topics and an application id of its own, and deletes its topics, consumer group and schema subjects at the end.
   */
  public record Options(DemoStream stream, List<DemoMethod> methods, double learningRate, Path outDir,
      boolean keepRunning, Duration timeout, boolean publishFirst, Properties cluster) {
    public Options(SyntheticOptions synthetic, List<DemoMethod> methods, double learningRate, Path outDir,
        boolean keepRunning, Duration timeout, boolean publishFirst, Properties cluster) {
      this(DemoStream.synthetic(synthetic), methods, learningRate, outDir, keepRunning, timeout, publishFirst, cluster);
    }

    public Options(SyntheticOptions synthetic, List<DemoMethod> methods, double learningRate, Path outDir,
        boolean keepRunning, Duration timeout) {
      this(synthetic, methods, learningRate, outDir, keepRunning, timeout, false, null);
    }

    public Options(DemoStream stream, List<DemoMethod> methods, double learningRate, Path outDir,
        boolean keepRunning, Duration timeout) {
      this(stream, methods, learningRate, outDir, keepRunning, timeout, false, null);
    }
  }

  /** Writes (or reuses) the stream directory the demo streams, and says on {@code out} what it is. */
  public interface DemoStream {
    StreamDirectory write(Path dir, PrintStream out) throws IOException;

    /** The synthetic benchmark of these options, written afresh. */
    static DemoStream synthetic(SyntheticOptions synthetic) {
      return (dir, out) -> {
        deleteRecursively(dir);
        out.printf(Locale.ROOT, "[2/4] Writing the synthetic %d-step benchmark (%s scale, d=%d, %d epochs per step, seed %d) to %s%n",
            synthetic.steps(), synthetic.scale().name().toLowerCase(Locale.ROOT), synthetic.dim(), synthetic.epochs(),
            synthetic.seed(), dir);
        try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(dir)) {
          new SyntheticStream(synthetic).emit(StreamSink.of(writer));
        }
        return StreamDirectory.open(dir);
      };
    }

    /** The WordNet benchmark encoded on this machine; a build with the same manifest in {@code dir} is reused. */
    static DemoStream wordNet(WordNetScale scale, long seed) {
      return (dir, out) -> {
        out.printf(Locale.ROOT, "[2/4] Building the WordNet %d-step benchmark (%s scale, seed %d; real MiniLM embeddings"
                + " made here) in %s%n", WordNetBenchmark.STEPS.size(), scale.name().toLowerCase(Locale.ROOT), seed, dir);
        WordNetStreamBuilder.build(new WordNetStreamBuilder.Options(dir, scale, seed), out);
        return StreamDirectory.open(dir);
      };
    }
  }

  /**
   * The demo's learning rate. The small stream trains a few epochs of a few hundred pairs per step, far
   * fewer updates than the paper's runs at 1e-4; a larger rate lets minutes show what hours show.
   */
  public static final double DEFAULT_LEARNING_RATE = 1e-3;

  private static final Duration LEARNER_START_TIMEOUT = Duration.ofMinutes(2);
  /** The learner's application id on the embedded stack, which every run starts afresh. */
  private static final String APPLICATION_ID = "streambind-demo";

  /** Figures of one method at the end of the run. */
  public record MethodResult(DemoMethod method, List<StepReport> reports, ContinualTable table, double wallSeconds,
      long trainPairs) {
    public double pairsPerSecond() {
      return trainPairs / wallSeconds;
    }
  }

  /**
   * What a run measured: per-method results in the order of {@code options.methods()}, the bytes the
   * learner's state stores wrote to their changelog topics for the training batches of all models, and
   * the seconds from starting the learner to its RUNNING state (not in any method's wall time).
   */
  public record Result(List<MethodResult> methods, long changelogBytes, long trainBatches,
      double learnerStartupSeconds) {
    public double changelogBytesPerBatch() {
      return trainBatches == 0 ? 0 : (double) changelogBytes / trainBatches;
    }
  }

  /** Told when the methods start and end streaming, with the learner running: how a benchmark measures a run. */
  public interface StreamingProbe {
    StreamingProbe NONE = new StreamingProbe() {};

    default void started(LearnerApp learner) {}

    /** Called whether or not streaming succeeded. */
    default void ended(LearnerApp learner) {}
  }

  private final Options options;
  private final PrintStream out;
  private final StreamingProbe probe;

  public Demo(Options options, PrintStream out) {
    this(options, out, StreamingProbe.NONE);
  }

  /** A run that tells {@code probe} when streaming starts and ends. */
  public Demo(Options options, PrintStream out, StreamingProbe probe) {
    this.options = options;
    this.out = out;
    this.probe = probe;
  }

  /** The learner's start milestones (INFO, for operators of {@code ./streambind learner}) stay out of the demo's table. */
  private static final String START_TIMELINE_LEVEL = "org.slf4j.simpleLogger.log.io.streambind.learner.StartTimeline";

  /** Runs the demo. */
  public Result run() throws IOException, InterruptedException {
    if (System.getProperty(START_TIMELINE_LEVEL) == null) {
      System.setProperty(START_TIMELINE_LEVEL, "warn"); // read when the logger is made, as the learner starts
    }
    Files.createDirectories(options.outDir());
    Path work = Files.createTempDirectory("streambind-demo-");
    try {
      return runIn(work);
    } finally {
      deleteRecursively(work);
    }
  }

  private Result runIn(Path work) throws IOException, InterruptedException {
    if (options.cluster() != null) {
      RunScope scope = RunScope.on(options.cluster());
      out.printf(Locale.ROOT, "[1/4] Using the cluster at %s and the registry at %s; this run's topics start with %s%n",
          options.cluster().get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG),
          options.cluster().get(RegistryClientConfig.URL_CONFIG), scope.prefix());
      try {
        return runOn(scope.clientProperties(), (short) -1, scope.applicationId(), work);
      } finally {
        scope.remove();
      }
    }
    out.println("[1/4] Starting the embedded stack on loopback");
    try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("kafka"))) {
      out.printf(Locale.ROOT, "      Kafka broker (KRaft, in-process)  %s   started in %.1f s%n",
          stack.bootstrapServers(), stack.brokerStartupMillis() / 1e3);
      out.printf(Locale.ROOT, "      schema registry                    %s   started in %.2f s%n",
          stack.registryUrl(), stack.registryStartupMillis() / 1e3);
      return runOn(stack.clientProperties(), (short) 1, APPLICATION_ID, work);
    }
  }

  /** The run on a cluster: topics, stream, learner, the measured methods and the report. */
  private Result runOn(Properties cluster, short replicationFactor, String applicationId, Path work)
      throws IOException, InterruptedException {
    Map<String, Object> client = toMap(cluster);
    Topics topics = new Topics(client, new RestSchemaRegistryClient(client));
    TopicProvisioner.createMissing(cluster, topics, Math.max(2, options.methods().size()), replicationFactor,
        EmbeddedKafkaConfig.DEFAULT_MAX_RECORD_BYTES);
    StreamDirectory stream = options.stream().write(options.outDir().resolve("stream"), out);
    if (options.publishFirst()) {
      publishAll(stream, topics, client);
    }
    Stopwatch starting = Stopwatch.start();
    try (LearnerApp learner = LearnerApp.start(learnerSettings(cluster, applicationId, work.resolve("state")))) {
      // The clock of every method starts once the learner runs: a learner is started once and then
      // trains for as long as the stream lasts, so its start-up is reported on its own.
      learner.awaitRunning(LEARNER_START_TIMEOUT);
      double startupSeconds = starting.seconds();
      String base = "http://127.0.0.1:" + learner.httpPort();
      out.printf(Locale.ROOT, "      learner (Kafka Streams, exactly-once) running in %.1f s%n", startupSeconds);
      out.println("      learner metrics                    " + base + "/metrics");
      out.println("      learner models                     " + base + "/models");
      List<MethodResult> results = streamProbed(learner, stream, topics, client);
      long trainBatches = options.methods().size() * stream.events().stream()
          .filter(e -> e instanceof BatchEvent b && b.split() == Split.TRAIN).count();
      Result result = new Result(results, learner.bytesSent(topic -> topic.endsWith("-changelog")), trainBatches,
          startupSeconds);
      printTable(result);
      writeReport(results);
      if (options.keepRunning()) {
        out.println("Running until Ctrl-C: curl " + base + "/metrics, " + base + "/models");
        awaitCtrlC();
      }
      return result;
    }
  }

  private Map<String, String> learnerSettings(Properties cluster, String applicationId, Path stateDir) {
    Map<String, String> settings = new HashMap<>();
    cluster.forEach((k, v) -> settings.put(k.toString(), v.toString()));
    settings.put("application.id", applicationId);
    settings.put("state.dir", stateDir.toString());
    settings.put(LearnerConfig.HTTP_HOST, "127.0.0.1");
    settings.put(LearnerConfig.HTTP_PORT, "0");
    settings.put(DnsConfig.LEARNING_RATE, Double.toString(options.learningRate()));
    for (DemoMethod method : options.methods()) {
      settings.putAll(method.learnerOverrides());
    }
    return settings;
  }

  private List<MethodResult> streamProbed(LearnerApp learner, StreamDirectory stream, Topics topics,
      Map<String, Object> client) throws InterruptedException {
    probe.started(learner);
    try {
      return stream(stream, topics, client);
    } finally {
      probe.ended(learner);
    }
  }

  private List<MethodResult> stream(StreamDirectory stream, Topics topics, Map<String, Object> client)
      throws InterruptedException {
    long steps = stream.events().stream().filter(e -> e instanceof StepEndEvent).count();
    long trainPairs = stream.events().stream()
        .filter(e -> e instanceof BatchEvent b && b.split() == Split.TRAIN)
        .mapToLong(e -> ((BatchEvent) e).rows())
        .sum();
    out.printf(Locale.ROOT, "[3/4] Streaming it once per method (%d steps, %d training pairs each, lr %s): %s%n", steps,
        trainPairs, options.learningRate(), String.join(", ", options.methods().stream().map(DemoMethod::name).toList()));
    out.printf(Locale.ROOT, "      %-5s %-17s %-17s %-17s %8s %8s %12s%n", "step", "method", "pair", "loss first→last",
        "R@1 now", "R@10 now", "stab. dev.");
    Stopwatch streaming = Stopwatch.start();
    ExecutorService senders = Executors.newFixedThreadPool(options.methods().size());
    try {
      List<Future<?>> sends = new ArrayList<>();
      if (!options.publishFirst()) {
        for (DemoMethod method : options.methods()) {
          sends.add(senders.submit(() -> publish(stream, method, topics, client)));
        }
      }
      Watched watched = watchReports(topics, client, steps, streaming, sends);
      List<MethodResult> results = new ArrayList<>();
      for (DemoMethod method : options.methods()) {
        List<StepReport> reports = watched.reports().get(method.modelId());
        results.add(new MethodResult(method, reports, ContinualTable.of(method.modelId(), reports),
            watched.finishedSeconds().get(method.modelId()), trainPairs));
      }
      return results;
    } finally {
      senders.shutdownNow();
    }
  }

  private void publishAll(StreamDirectory stream, Topics topics, Map<String, Object> client) throws IOException {
    out.println("      publishing the whole stream before the learner starts");
    for (DemoMethod method : options.methods()) {
      publish(stream, method, topics, client);
    }
  }

  /** The reports seen per model, and the seconds from the first send to each model's last step. */
  private record Watched(Map<String, List<StepReport>> reports, Map<String, Double> finishedSeconds) {}

  private Void publish(StreamDirectory stream, DemoMethod method, Topics topics, Map<String, Object> client)
      throws IOException {
    PublishStats stats = new PublishStats(out, false);
    try (Producer<String, StreamRecord> producer = Producers.open(client, topics.batches().valueSerde().serializer())) {
      BatchPublisher publisher = new BatchPublisher(producer, topics.batches().name(), method.modelId(),
          UUID.randomUUID().toString(), 0, Producers.maxRequestBytes(client), 0, 0, "streambind demo", stats);
      DirectorySource.emit(stream, publisher);
      publisher.flush();
    }
    return null;
  }

  /** Prints a line per closed step until every model has closed {@code steps} steps; returns seconds to the last. */
  private Watched watchReports(Topics topics, Map<String, Object> client, long steps, Stopwatch streaming,
      List<Future<?>> sends) throws InterruptedException {
    Map<String, List<StepReport>> reports = new LinkedHashMap<>();
    Map<String, Double> finished = new HashMap<>();
    Properties props = new Properties();
    props.putAll(client);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, StepReport> consumer = new KafkaConsumer<>(props,
        topics.reports().keySerde().deserializer(), topics.reports().valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topics.reports().name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (finished.size() < options.methods().size()) {
        failIfAnySendFailed(sends);
        if (streaming.exceeded(options.timeout())) {
          throw new IllegalStateException("timed out after " + options.timeout() + ": closed steps per model "
              + reports.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().size()).toList());
        }
        for (ConsumerRecord<String, StepReport> record : consumer.poll(Duration.ofMillis(200))) {
          StepReport report = record.value();
          List<StepReport> model = reports.computeIfAbsent(report.getModelId(), k -> new ArrayList<>());
          model.add(report);
          printStepLine(report);
          if (model.size() == steps) {
            finished.put(report.getModelId(), streaming.seconds());
          }
        }
      }
    }
    return new Watched(reports, finished);
  }

  private static void failIfAnySendFailed(List<Future<?>> sends) throws InterruptedException {
    for (Future<?> send : sends) {
      if (send.isDone()) {
        try {
          send.get();
        } catch (ExecutionException e) {
          throw new IllegalStateException("publishing failed: " + e.getCause().getMessage(), e.getCause());
        }
      }
    }
  }

  private void printStepLine(StepReport report) {
    String method = report.getModelId().startsWith(DemoMethod.MODEL_PREFIX)
        ? report.getModelId().substring(DemoMethod.MODEL_PREFIX.length()) : report.getModelId();
    if (report.getPairs().isEmpty()) {
      out.printf(Locale.ROOT, "      %-5d %-17s (nothing trained)%n", report.getStep(), method);
      return;
    }
    PairSummary pair = report.getPairs().get(0);
    String currentTask = ContinualTable.taskKey(pair.getTasks().isEmpty() ? "" : pair.getTasks().get(0),
        pair.getModalityA(), pair.getModalityB());
    String recall1 = "–";
    String recall = "–";
    String stability = "–";
    if (report.getEvaluation() != null) {
      for (TaskMetrics task : report.getEvaluation().getTasks()) {
        if (ContinualTable.taskKey(task.getTask(), task.getModalityA(), task.getModalityB()).equals(currentTask)) {
          recall1 = String.format(Locale.ROOT, "%.1f", 100 * task.getRecall().get(0));
          recall = String.format(Locale.ROOT, "%.1f", 100 * task.getRecall().get(2));
        }
      }
      Double deviation = report.getEvaluation().getStabilityDeviation();
      stability = deviation == null ? "–" : String.format(Locale.ROOT, "%.2e", deviation);
    }
    out.printf(Locale.ROOT, "      %-5d %-17s %-17s %7.3f→%-9.3f %8s %8s %12s%n", report.getStep(), method,
        pair.getModalityA() + "→" + pair.getModalityB(), pair.getLossFirst(), pair.getLossLast(), recall1, recall,
        stability);
  }

  private void printTable(Result result) {
    List<MethodResult> results = result.methods();
    out.println("[4/4] Results (percent; BWT closer to 0 is less forgetting)");
    out.printf(Locale.ROOT, "      %-17s %7s %8s %7s %8s %7s %9s %12s %9s %9s%n", "method", "Acc", "BWT_A", "R@1", "BWT_R1",
        "R@10", "BWT_R10", "stab. dev.", "wall s", "pairs/s");
    for (MethodResult r : results) {
      ContinualTable t = r.table();
      out.printf(Locale.ROOT, "      %-17s %7s %8s %7s %8s %7s %9s %12s %9.1f %9.0f%n", r.method().name(),
          percent(t.finalAccuracy()), percent(t.backwardTransferAccuracy()), percent(t.finalRecall1()),
          percent(t.backwardTransferRecall1()), percent(t.finalRecall10()),
          percent(t.backwardTransferRecall10()), scientific(t.meanStabilityDeviation()), r.wallSeconds(),
          r.pairsPerSecond());
    }
    out.printf(Locale.ROOT, "      state changelog: %.1f MB written, %.0f KB per training batch%n",
        result.changelogBytes() / 1e6, result.changelogBytesPerBatch() / 1e3);
  }

  private void writeReport(List<MethodResult> results) throws IOException {
    List<ReportPage.ModelReports> models = new ArrayList<>();
    for (MethodResult r : results) {
      models.add(new ReportPage.ModelReports(r.method().modelId(), r.reports()));
    }
    Path report = options.outDir().resolve("report.html");
    Files.writeString(report, ReportPage.render("StreamBind demo", models), StandardCharsets.UTF_8);
    out.println("      report: " + report.toAbsolutePath());
  }

  private static String percent(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.2f", 100 * value.getAsDouble()) : "–";
  }

  private static String scientific(OptionalDouble value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%.2e", value.getAsDouble()) : "–";
  }

  private static void awaitCtrlC() throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    stop.await();
  }

  /** Client settings as the Kafka and registry clients take them. */
  public static Map<String, Object> toMap(Properties props) {
    Map<String, Object> map = new HashMap<>();
    props.forEach((k, v) -> map.put(k.toString(), v));
    return map;
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
