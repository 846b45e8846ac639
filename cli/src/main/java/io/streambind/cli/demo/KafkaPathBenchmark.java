package io.streambind.cli.demo;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.io.StreamDirectory;
import io.streambind.core.replay.Replay;
import io.streambind.core.replay.ReplayResult;
import io.streambind.producer.synthetic.SyntheticOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The learner's end-to-end rate through Kafka (producer → broker → Kafka Streams learner with
 * exactly-once stores → reports) against offline replay of the same stream directory, in one run.
 * Both include the step-end refresh and evaluation; the offline run is the same core code without Kafka.
 */
public final class KafkaPathBenchmark {
  private KafkaPathBenchmark() {}

  public static void run(PrintStream out, SyntheticOptions synthetic, DemoMethod method, double learningRate, Path outDir)
      throws IOException, InterruptedException {
    out.printf(Locale.ROOT, "Kafka path vs offline replay: %s, d=%d, %s scale%n", method.name(), synthetic.dim(),
        synthetic.scale().name().toLowerCase(Locale.ROOT));
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    Demo.Result kafka = new Demo(new Demo.Options(synthetic, List.of(method), learningRate, outDir, false,
        Duration.ofHours(2), false), quiet).run();
    Demo.MethodResult viaKafka = kafka.methods().get(0);
    Demo.MethodResult learnerAlone = new Demo(new Demo.Options(synthetic, List.of(method), learningRate, outDir, false,
        Duration.ofHours(2), true), quiet).run().methods().get(0);

    Map<String, String> settings = new HashMap<>(method.dnsSettings());
    settings.put(DnsConfig.LEARNING_RATE, Double.toString(learningRate));
    ReplayResult offline = new Replay(DnsConfig.parse(settings)).run(StreamDirectory.open(outDir.resolve("stream")));

    double kafkaRate = viaKafka.pairsPerSecond();
    double offlineRate = offline.pairsPerSecond();
    out.printf(Locale.ROOT, "  through Kafka : %8.0f pairs/s  (%d training pairs in %.1f s, first send to last step report,"
        + " producer and learner sharing the machine)%n", kafkaRate, viaKafka.trainPairs(), viaKafka.wallSeconds());
    out.printf(Locale.ROOT, "  learner alone : %8.0f pairs/s  (%.1f s from learner start on a pre-filled topic: %.0f%% of offline)%n",
        learnerAlone.pairsPerSecond(), learnerAlone.wallSeconds(), 100 * learnerAlone.pairsPerSecond() / offline.pairsPerSecond());
    out.printf(Locale.ROOT, "  offline replay: %8.0f pairs/s  (%d training pairs in %.1f s)%n",
        offlineRate, offline.trainPairs(), offline.wallNanos() / 1e9);
    out.printf(Locale.ROOT, "  Kafka path reaches %.0f%% of offline (target >= 90%%)%n", 100 * kafkaRate / offlineRate);
    out.printf(Locale.ROOT, "  state changelog: %.0f KB per training batch (%.1f MB in all)%n",
        kafka.changelogBytesPerBatch() / 1e3, kafka.changelogBytes() / 1e6);
    out.printf(Locale.ROOT, "  final R@10 through Kafka %.4f, offline %.4f (same batches, same math)%n",
        viaKafka.table().finalRecall10().orElse(Double.NaN), offline.evaluator().recall10Matrix().lastRowMean());
  }
}
