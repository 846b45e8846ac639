package io.streambind.cli.bench;

import io.streambind.avro.StreamRecord;
import io.streambind.cli.Stopwatch;
import io.streambind.cli.demo.Demo;
import io.streambind.cli.demo.EmbeddedStack;
import io.streambind.core.io.FloatRows;
import io.streambind.core.io.PairBatch;
import io.streambind.core.io.Split;
import io.streambind.embedded.EmbeddedKafkaConfig;
import io.streambind.learner.InstanceIdentity;
import io.streambind.learner.metrics.LearnerMetrics;
import io.streambind.producer.BatchPublisher;
import io.streambind.producer.Producers;
import io.streambind.producer.PublishStats;
import io.streambind.schemas.registry.RestSchemaRegistryClient;
import io.streambind.schemas.topics.TopicProvisioner;
import io.streambind.schemas.topics.ModelKeys;
import io.streambind.schemas.topics.Topics;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * {@code ./streambind bench recovery}: learners as separate processes ({@code ./streambind learner}'s JVM,
 * default settings) on an embedded broker and registry, SIGKILLed in the middle of a step. Three cases: the
 * same instance restarted at once on its state directory; the instance that owns a model killed while a
 * second one keeps a standby of it; the same without standbys, so that the second one restores the model
 * from the changelog. Each prints the seconds from the restart (or the kill) until the model is served and
 * until its next batch is trained, and the restarted or surviving learner's start milestones.
 */
public final class RecoveryBenchmark {
  private static final String MAIN_CLASS = "io.streambind.cli.StreamBindCli";
  /** The launcher's class-data sharing archive of the learner, next to the CLI jar. */
  private static final String LEARNER_CLASS_ARCHIVE = "streambind-learner.jsa";
  private static final int PARTITIONS = 2;
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String TRAINED_SERIES = LearnerMetrics.BATCHES_TRAINED.replace('.', '_') + "_total{";

  /**
   * @param dim width of both modalities of each model's pair
   * @param rows rows per batch
   * @param batchesPerStep training batches per model and step
   * @param rounds measured rounds of each case
   */
  public record Options(int dim, int rows, int batchesPerStep, int rounds, Path work) {}

  /** One case's figures: seconds from the restart or kill until the model is served, and until it trained a batch. */
  private record Recovery(double servedSeconds, double trainedSeconds) {}

  private final PrintStream out;
  private final Options options;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final List<Learner> started = new ArrayList<>();
  /** Each run in a directory of its own: a broker on an earlier run's data would still hold its groups. */
  private final Path runDir;
  private int batchCount;
  /** The step the next produced step closes; each case starts a new broker, so it restarts at 0 there. */
  private long step;

  private RecoveryBenchmark(PrintStream out, Options options) {
    this.out = out;
    this.options = options;
    this.runDir = options.work().resolve("run-" + runId);
  }

  public static void run(PrintStream out, Options options) throws Exception {
    new RecoveryBenchmark(out, options).run();
  }

  private void run() throws Exception {
    out.printf(Locale.ROOT, "Recovery of learner processes (SIGKILL mid-step), two models of a d=%d pair, %d batches of"
        + " %d rows per step; learners with default settings%n", options.dim(), options.batchesPerStep(), options.rows());
    Map<String, List<Recovery>> results = new java.util.LinkedHashMap<>();
    try {
      for (int round = 0; round < options.rounds(); round++) {
        results.computeIfAbsent("restart of the same instance", k -> new ArrayList<>()).add(restart(round));
        dropData();
        results.computeIfAbsent("failover to a standby", k -> new ArrayList<>()).add(failover(round, 1));
        dropData();
        results.computeIfAbsent("failover without a standby", k -> new ArrayList<>()).add(failover(round, 0));
        dropData();
      }
    } finally {
      for (Learner learner : started) {
        learner.kill();
      }
    }
    out.println("Summary (seconds; from the restart, or from the kill for a failover; target 10 s to the next batch)");
    out.println("      case                               served                 next batch trained");
    results.forEach((name, recoveries) -> out.printf(Locale.ROOT, "      %-34s %-22s %s%n", name,
        join(recoveries, Recovery::servedSeconds), join(recoveries, Recovery::trainedSeconds)));
  }

  private Recovery restart(int round) throws Exception {
    out.println("[restart of the same instance] round " + (round + 1));
    Path work = runDir.resolve("restart-" + round);
    step = 0;
    try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("kafka"));
         Admin admin = Admin.create(stack.clientProperties());
         Producer<String, StreamRecord> producer = producer(stack)) {
      Topics topics = topics(stack);
      List<String> models = ModelKeys.onDistinctPartitions("recovery-", PARTITIONS);
      String applicationId = "bench-recovery-restart";
      Path state = work.resolve("state-a");
      Learner learner = start(stack, applicationId, state, 0, work.resolve("a.log"));
      awaitMembers(admin, applicationId, 1);
      long committed = produceStepAndAwait(producer, topics, models, admin, applicationId);
      produceStepAndKill(producer, topics, models, admin, applicationId, committed, learner, round);

      Stopwatch sinceRestart = Stopwatch.start();
      Learner restarted = start(stack, applicationId, state, 0, work.resolve("a-restarted.log"));
      Recovery recovery = awaitRecovery(restarted.port, models.get(0), sinceRestart);
      report(recovery, "restart", sinceRestart, restarted, 0);
      restarted.stop();
      return recovery;
    }
  }

  private Recovery failover(int round, int standbys) throws Exception {
    String name = standbys > 0 ? "failover to a standby" : "failover without a standby (restore from the changelog)";
    out.println("[" + name + "] round " + (round + 1));
    Path work = runDir.resolve("failover-" + standbys + "-" + round);
    step = 0;
    try (EmbeddedStack stack = EmbeddedStack.start(work.resolve("kafka"));
         Admin admin = Admin.create(stack.clientProperties());
         Producer<String, StreamRecord> producer = producer(stack)) {
      Topics topics = topics(stack);
      List<String> models = ModelKeys.onDistinctPartitions("recovery-", PARTITIONS);
      String applicationId = "bench-recovery-failover";
      Learner a = start(stack, applicationId, work.resolve("state-a"), standbys, work.resolve("a.log"));
      Learner b = start(stack, applicationId, work.resolve("state-b"), standbys, work.resolve("b.log"));
      Map<String, Set<TopicPartition>> assignment = awaitMembers(admin, applicationId, 2);
      TopicPartition partition = new TopicPartition(topics.batches().name(), ModelKeys.partition(models.get(0), PARTITIONS));
      boolean aOwns = assignment.getOrDefault(a.memberId(applicationId), Set.of()).contains(partition);
      Learner owner = aOwns ? a : b;
      Learner survivor = aOwns ? b : a;
      long committed = produceStepAndAwait(producer, topics, models, admin, applicationId);
      long logged = Files.size(survivor.log);
      Stopwatch sinceKill = produceStepAndKill(producer, topics, models, admin, applicationId, committed, owner, round);
      Recovery recovery = awaitRecovery(survivor.port, models.get(0), sinceKill);
      report(recovery, "kill", sinceKill, survivor, logged);
      survivor.stop();
      return recovery;
    }
  }

  /** Deletes the broker data and state dirs of the cases run so far (about 1 GB a round); their learner logs stay. */
  private void dropData() throws IOException {
    try (Stream<Path> cases = Files.list(runDir)) {
      for (Path dir : cases.toList()) {
        try (Stream<Path> entries = Files.list(dir)) {
          for (Path data : entries.filter(Files::isDirectory).toList()) {
            try (Stream<Path> tree = Files.walk(data)) {
              for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
              }
            }
          }
        }
      }
    }
  }

  private Learner start(EmbeddedStack stack, String applicationId, Path stateDir, int standbys, Path log)
      throws IOException {
    Learner learner = Learner.start(stack, applicationId, stateDir, standbys, log);
    started.add(learner);
    return learner;
  }

  /**
   * Prints the figures and the learner's start milestones logged past {@code fromByte} of its log, each with
   * its time after the restart or kill ({@code since}), read from the log line's clock time.
   */
  private void report(Recovery recovery, String from, Stopwatch since, Learner learner, long fromByte)
      throws IOException {
    out.printf(Locale.ROOT, "      from the %s: model served after %.1f s, next batch trained after %.1f s (load average %.1f on"
        + " %d cores)%n", from, recovery.servedSeconds(), recovery.trainedSeconds(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
    LocalTime start = since.startedAt();
    byte[] log = Files.readAllBytes(learner.log);
    String logged = new String(log, (int) fromByte, log.length - (int) fromByte, StandardCharsets.UTF_8);
    for (String line : logged.split("\\n")) {
      int at = line.indexOf("Learner start:");
      if (at >= 0) {
        String milestone = line.substring(at + "Learner start: ".length());
        try {
          // The CLI's log lines start with their clock time, HH:mm:ss.SSS.
          double after = Duration.between(start, LocalTime.parse(line.substring(0, 12))).toMillis() / 1e3;
          out.printf(Locale.ROOT, "        %+6.1f s  %s%n", after, milestone);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException otherLogFormat) {
          out.println("        " + milestone);
        }
      }
    }
  }

  /** Produces one step of both models and waits until the group committed all of it; returns the committed offsets. */
  private long produceStepAndAwait(Producer<String, StreamRecord> producer, Topics topics, List<String> models, Admin admin,
      String applicationId) throws Exception {
    produceStep(producer, topics, models);
    long end = endOffsets(admin, topics.batches().name());
    Stopwatch waiting = Stopwatch.start();
    while (committed(admin, applicationId, topics.batches().name()) < end) {
      if (waiting.exceeded(TIMEOUT)) {
        throw new IllegalStateException("the learners did not commit the first step within " + TIMEOUT);
      }
      Thread.sleep(100);
    }
    return end;
  }

  /**
   * Produces a step, SIGKILLs the learner at a seeded moment after it committed part of it, and produces the
   * next step at once, so that batches wait for whoever takes over; returns a stopwatch started at the kill.
   */
  private Stopwatch produceStepAndKill(Producer<String, StreamRecord> producer, Topics topics, List<String> models, Admin admin,
      String applicationId, long baseline, Learner victim, int round) throws Exception {
    produceStep(producer, topics, models);
    Stopwatch waiting = Stopwatch.start();
    while (committed(admin, applicationId, topics.batches().name()) <= baseline) {
      if (waiting.exceeded(TIMEOUT)) {
        throw new IllegalStateException("no progress before the kill (log " + victim.log + ")");
      }
      Thread.sleep(50);
    }
    Thread.sleep(new Random(round).nextInt(1000));
    Stopwatch sinceKill = Stopwatch.start();
    victim.kill();
    produceStep(producer, topics, models);
    return sinceKill;
  }

  private void produceStep(Producer<String, StreamRecord> producer, Topics topics, List<String> models) throws IOException {
    Random random = new Random(batchCount);
    PublishStats stats = new PublishStats(new PrintStream(OutputStream.nullOutputStream()), false);
    List<BatchPublisher> publishers = new ArrayList<>();
    for (String model : models) {
      publishers.add(new BatchPublisher(producer, topics.batches().name(), model, runId + "-" + batchCount++, step,
          EmbeddedKafkaConfig.DEFAULT_MAX_RECORD_BYTES, 0, 0, "streambind bench recovery", stats));
    }
    for (int i = 0; i < options.batchesPerStep(); i++) {
      for (BatchPublisher publisher : publishers) {
        publisher.batch(batch(random));
      }
    }
    for (BatchPublisher publisher : publishers) {
      publisher.stepEnd();
      publisher.flush();
    }
    step++;
  }

  /** A text-audio pair batch whose audio rows are noisy copies of the text rows, so there is something to learn. */
  private PairBatch batch(Random random) {
    float[] xa = new float[options.rows() * options.dim()];
    float[] xb = new float[xa.length];
    for (int i = 0; i < xa.length; i++) {
      xa[i] = (float) random.nextGaussian();
      xb[i] = xa[i] + 0.3f * (float) random.nextGaussian();
    }
    return new PairBatch("bench", Split.TRAIN, "text", "audio", new FloatRows(options.rows(), options.dim(), xa),
        new FloatRows(options.rows(), options.dim(), xb), null);
  }

  /** Polls the learner every 20 ms until it serves the model and has trained one of its batches; seconds {@code since}. */
  private Recovery awaitRecovery(int port, String model, Stopwatch since) throws InterruptedException {
    double served = -1;
    double trained = -1;
    while (served < 0 || trained < 0) {
      if (since.exceeded(TIMEOUT)) {
        throw new IllegalStateException("model " + model + " not recovered within " + TIMEOUT);
      }
      if (served < 0 && get(port, "/models/" + model) != null) {
        served = since.seconds();
      }
      if (trained < 0 && trained(get(port, "/metrics"), model)) {
        trained = since.seconds();
      }
      Thread.sleep(20);
    }
    return new Recovery(served, trained);
  }

  private static boolean trained(String metrics, String model) {
    if (metrics == null) {
      return false;
    }
    for (String line : metrics.split("\n")) {
      if (line.startsWith(TRAINED_SERIES) && line.contains("model=\"" + model + "\"")
          && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) {
        return true;
      }
    }
    return false;
  }

  /** The body of a 200 answer, null for any other answer or none. */
  private String get(int port, String path) throws InterruptedException {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? response.body() : null;
    } catch (IOException notYet) {
      return null;
    }
  }

  /** Waits until the group is stable with {@code members} members, each with tasks; returns their partitions by instance id. */
  private static Map<String, Set<TopicPartition>> awaitMembers(Admin admin, String applicationId, int members)
      throws Exception {
    Stopwatch waiting = Stopwatch.start();
    while (!waiting.exceeded(TIMEOUT)) {
      ConsumerGroupDescription group = describe(admin, applicationId);
      if (group != null && group.members().size() == members && group.groupState() == GroupState.STABLE
          && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty())) {
        Map<String, Set<TopicPartition>> partitions = new HashMap<>();
        for (MemberDescription member : group.members()) {
          partitions.put(member.groupInstanceId().orElse(""), member.assignment().topicPartitions());
        }
        return partitions;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the learners' group did not settle on " + members + " members");
  }

  private static ConsumerGroupDescription describe(Admin admin, String applicationId)
      throws InterruptedException, ExecutionException {
    try {
      return admin.describeConsumerGroups(List.of(applicationId)).all().get().get(applicationId);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return null;
      }
      throw e;
    }
  }

  private static long committed(Admin admin, String group, String topic) throws InterruptedException, ExecutionException {
    long sum = 0;
    for (Map.Entry<TopicPartition, OffsetAndMetadata> entry
        : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
      if (entry.getKey().topic().equals(topic) && entry.getValue() != null) {
        sum += entry.getValue().offset();
      }
    }
    return sum;
  }

  private static long endOffsets(Admin admin, String topic) throws InterruptedException, ExecutionException {
    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> request = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      request.put(new TopicPartition(topic, p), org.apache.kafka.clients.admin.OffsetSpec.latest());
    }
    long sum = 0;
    for (var info : admin.listOffsets(request).all().get().values()) {
      sum += info.offset();
    }
    return sum;
  }

  private static Topics topics(EmbeddedStack stack) {
    Map<String, Object> client = Demo.toMap(stack.clientProperties());
    Topics topics = new Topics(client, new RestSchemaRegistryClient(client));
    TopicProvisioner.createMissing(stack.clientProperties(), topics, PARTITIONS, (short) 1,
        EmbeddedKafkaConfig.DEFAULT_MAX_RECORD_BYTES);
    return topics;
  }

  private static Producer<String, StreamRecord> producer(EmbeddedStack stack) {
    Map<String, Object> client = Demo.toMap(stack.clientProperties());
    return Producers.open(client, new Topics(client, new RestSchemaRegistryClient(client)).batches().valueSerde().serializer());
  }

  private static String join(List<Recovery> recoveries, java.util.function.ToDoubleFunction<Recovery> figure) {
    return String.join(", ", recoveries.stream().map(r -> String.format(Locale.ROOT, "%.1f", figure.applyAsDouble(r)))
        .toList());
  }

  /** A {@code ./streambind learner} process: this JVM's class path and options, its own state dir and HTTP port. */
  private record Learner(Process process, Path stateDir, int port, Path log) {
    static Learner start(EmbeddedStack stack, String applicationId, Path stateDir, int standbys, Path log)
        throws IOException {
      Files.createDirectories(log.getParent());
      Path config = log.resolveSibling(log.getFileName() + ".properties");
      Properties props = new Properties();
      props.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
      props.setProperty(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, Integer.toString(standbys));
      try (Writer writer = Files.newBufferedWriter(config)) {
        props.store(writer, "bench recovery learner");
      }
      int port = freePort();
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      // ./streambind learner maps the class-data archive the launcher keeps next to the CLI jar; so do these.
      Path archive = Path.of(System.getProperty("java.class.path").split(File.pathSeparator)[0])
          .resolveSibling(LEARNER_CLASS_ARCHIVE);
      if (Files.isRegularFile(archive)) {
        command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off"));
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS, "learner",
          "--bootstrap", stack.bootstrapServers(), "--registry", stack.registryUrl(), "--config", config.toString(),
          "--state-dir", stateDir.toString(), "--http-port", Integer.toString(port)));
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
      return new Learner(process, stateDir, port, log);
    }

    /** The group.instance.id of its one stream thread: the id it keeps in its state dir, with Kafka Streams' suffix. */
    String memberId(String applicationId) throws IOException {
      return Files.readString(stateDir.resolve(applicationId).resolve(InstanceIdentity.FILE_NAME)).strip() + "-1";
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, as a deployment stops it: the learner closes and leaves the group. */
    void stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
