package io.streambind.cli;

import io.streambind.avro.StreamRecord;
import io.streambind.io.StreamDirectory;
import io.streambind.io.StreamDirectoryWriter;
import io.streambind.producer.BatchPublisher;
import io.streambind.producer.DirectorySource;
import io.streambind.producer.Producers;
import io.streambind.producer.PublishStats;
import io.streambind.producer.StreamSink;
import io.streambind.producer.synthetic.SyntheticOptions;
import io.streambind.producer.synthetic.SyntheticStream;
import io.streambind.schemas.topics.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.Producer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./streambind produce files|synthetic}: publishes a stream to the batches topic. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = "Publishes embedding batches, class prompts and step markers to the batches topic.",
        subcommands = {ProduceCommand.Files.class, ProduceCommand.Synthetic.class})
final class ProduceCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Options of every publishing run. */
    static final class PublishOptions {
        @Mixin
        ConnectionOptions connection;

        @Option(
                names = "--model",
                defaultValue = "default",
                description = "Model id: the record key (default: ${DEFAULT-VALUE}).")
        String model;

        @Option(
                names = "--first-step",
                defaultValue = "0",
                description = "Number of the step the first marker closes (default: ${DEFAULT-VALUE}).")
        long firstStep;

        @Option(names = "--rate-records", defaultValue = "0", description = "Most records per second, 0 = unlimited.")
        double recordsPerSecond;

        @Option(
                names = "--rate-mb",
                defaultValue = "0",
                description = "Most MB of embeddings per second, 0 = unlimited.")
        double megabytesPerSecond;

        int publish(Emitter emitter) {
            Map<String, Object> client = connection.clientConfig();
            Topics topics = connection.topics();
            PublishStats stats = new PublishStats(System.out, System.console() != null);
            try (Producer<String, StreamRecord> producer =
                    Producers.open(client, topics.batches().valueSerde().serializer())) {
                BatchPublisher publisher = new BatchPublisher(
                        producer,
                        topics.batches().name(),
                        model,
                        UUID.randomUUID().toString(),
                        firstStep,
                        Producers.maxRequestBytes(client),
                        recordsPerSecond,
                        megabytesPerSecond * 1e6,
                        "streambind produce@" + hostName(),
                        stats);
                emitter.emit(publisher);
                publisher.flush();
            } catch (IOException e) {
                System.err.println("produce: " + e.getMessage());
                return 1;
            }
            stats.printSummary();
            return 0;
        }
    }

    /** Something that feeds a sink. */
    interface Emitter {
        void emit(StreamSink sink) throws IOException;
    }

    @Command(
            name = "files",
            mixinStandardHelpOptions = true,
            description =
                    "Publishes a stream directory (stream.jsonl + .npy files), validated completely before the first send.")
    static final class Files implements Callable<Integer> {
        @Option(names = "--input", required = true, description = "Stream directory.")
        Path input;

        @Mixin
        PublishOptions publish;

        @Override
        public Integer call() {
            StreamDirectory stream;
            try {
                stream = StreamDirectory.open(input);
            } catch (IOException e) {
                System.err.println("produce files: " + e.getMessage());
                return 1;
            }
            return publish.publish(sink -> DirectorySource.emit(stream, sink));
        }
    }

    @Command(
            name = "synthetic",
            mixinStandardHelpOptions = true,
            description = {
                "The synthetic stand-in for the paper's 11-step benchmark (producer/README.md).",
                "Publishes it, or writes a stream directory with --out."
            })
    static final class Synthetic implements Callable<Integer> {
        @Option(names = "--out", description = "Write a stream directory here instead of publishing.")
        Path out;

        @Option(names = "--scale", defaultValue = "small", description = "small or paper (default: ${DEFAULT-VALUE}).")
        String scale;

        @Mixin
        DimOption dim;

        @Option(
                names = "--train",
                defaultValue = "" + SyntheticOptions.DEFAULT_TRAIN_PAIRS,
                description = "Train pairs per step at small scale (default: ${DEFAULT-VALUE}).")
        int train;

        @Option(
                names = "--test",
                defaultValue = "" + SyntheticOptions.DEFAULT_TEST_PAIRS,
                description = "Test pairs per step at small scale (default: ${DEFAULT-VALUE}).")
        int test;

        @Option(
                names = "--batch-rows",
                defaultValue = "" + SyntheticOptions.DEFAULT_BATCH_ROWS,
                description = "Rows per batch (default: ${DEFAULT-VALUE}).")
        int batchRows;

        @Option(
                names = "--epochs",
                defaultValue = "" + SyntheticOptions.DEFAULT_EPOCHS,
                description =
                        "Passes over each step's train pairs, each in a new seeded order (default: ${DEFAULT-VALUE}).")
        int epochs;

        @Option(
                names = "--steps",
                defaultValue = "11",
                description = "How many of the 11 steps to emit (default: ${DEFAULT-VALUE}).")
        int steps;

        @Mixin
        SeedOption seed;

        @Mixin
        PublishOptions publish;

        @Override
        public Integer call() {
            SyntheticStream stream;
            try {
                stream = new SyntheticStream(new SyntheticOptions(
                        SyntheticOptions.Scale.valueOf(scale.toUpperCase(Locale.ROOT)),
                        dim.value(),
                        SyntheticOptions.defaultLatent(dim.value()),
                        train,
                        test,
                        batchRows,
                        epochs,
                        steps,
                        seed.value()));
            } catch (IllegalArgumentException e) {
                System.err.println("produce synthetic: " + e.getMessage());
                return 1;
            }
            if (out == null) {
                return publish.publish(stream::emit);
            }
            try (StreamDirectoryWriter writer = StreamDirectoryWriter.create(out)) {
                stream.emit(StreamSink.of(writer));
            } catch (IOException e) {
                System.err.println("produce synthetic: " + e.getMessage());
                return 1;
            }
            System.out.println("wrote " + out.resolve("stream.jsonl"));
            return 0;
        }
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}
