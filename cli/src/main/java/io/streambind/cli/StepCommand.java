package io.streambind.cli;

import io.streambind.avro.StreamRecord;
import io.streambind.producer.BatchPublisher;
import io.streambind.producer.Producers;
import io.streambind.producer.StepLookup;
import io.streambind.schemas.topics.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./streambind step}: sends the marker that closes a model's current step. */
@Command(
        name = "step",
        mixinStandardHelpOptions = true,
        description = {
            "Sends the step marker that closes the model's current step.",
            "Without --step the current step is read from the model's latest report (closed step + 1, or 0)."
        })
final class StepCommand implements Callable<Integer> {
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--model", required = true, description = "Model id.")
    String model;

    @Option(names = "--step", description = "The step to close; must equal the learner's current step.")
    Long step;

    @Option(
            names = "--timeout",
            defaultValue = "PT30S",
            description = "How long to read reports and wait for the send (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        Map<String, Object> client = connection.clientConfig();
        Topics topics = connection.topics();
        try {
            long closing = step != null
                    ? step
                    : StepLookup.currentStep(
                            client,
                            topics.reports().name(),
                            topics.reports().valueSerde().deserializer(),
                            model,
                            timeout);
            try (Producer<String, StreamRecord> producer =
                    Producers.open(client, topics.batches().valueSerde().serializer())) {
                StreamRecord marker = new StreamRecord(
                        BatchPublisher.marker(model, closing, "streambind step@" + ProduceCommand.hostName()));
                producer.send(new ProducerRecord<>(topics.batches().name(), model, marker))
                        .get();
            }
            System.out.println("step: sent marker closing step " + closing + " of model " + model);
            return 0;
        } catch (ExecutionException e) {
            System.err.println("step: send failed: " + e.getCause().getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            System.err.println("step: " + e.getMessage());
            return 1;
        }
    }
}
