package io.streambind.cli.demo;

import io.streambind.avro.StepReport;
import io.streambind.cli.Stopwatch;
import io.streambind.schemas.topics.TopicScan;
import io.streambind.schemas.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the reports topic from its start, printing a line per closed step, until every model of the run has
 * closed all of the stream's steps, a send fails, or the run's time is up.
 */
final class StepReportWatch {
    /** The reports seen per model, and the seconds from the first send to each model's last step. */
    record Watched(Map<String, List<StepReport>> reports, Map<String, Double> finishedSeconds) {}

    private final Topics topics;
    private final Map<String, Object> client;
    private final DemoConsole console;

    StepReportWatch(Topics topics, Map<String, Object> client, DemoConsole console) {
        this.topics = topics;
        this.client = client;
        this.console = console;
    }

    /** Watches until {@code models} models have closed {@code steps} steps each, {@code timeout} after {@code streaming} started. */
    Watched until(int models, long steps, Stopwatch streaming, Duration timeout, List<Future<?>> sends)
            throws InterruptedException {
        Map<String, List<StepReport>> reports = new LinkedHashMap<>();
        Map<String, Double> finished = new HashMap<>();
        try (KafkaConsumer<String, StepReport> consumer =
                TopicScan.fromBeginning(client, topics.reports(), Duration.ofMinutes(1))) {
            while (finished.size() < models) {
                failIfAnySendFailed(sends);
                if (streaming.exceeded(timeout)) {
                    throw new IllegalStateException("timed out after " + timeout + ": closed steps per model "
                            + reports.entrySet().stream()
                                    .map(e -> e.getKey() + "=" + e.getValue().size())
                                    .toList());
                }
                for (ConsumerRecord<String, StepReport> record : consumer.poll(Duration.ofMillis(200))) {
                    StepReport report = record.value();
                    List<StepReport> model = reports.computeIfAbsent(report.getModelId(), k -> new ArrayList<>());
                    model.add(report);
                    console.stepLine(report);
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
                    throw new IllegalStateException(
                            "publishing failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
    }
}
