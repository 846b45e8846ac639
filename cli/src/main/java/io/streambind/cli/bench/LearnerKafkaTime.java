package io.streambind.cli.bench;

import io.streambind.learner.LearnerApp;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Kafka's share of the learner's stream thread between two readings: seconds blocked on Kafka (waiting in
 * polls, on the network, on producer flushes and transaction calls; Kafka Streams' own account), seconds in
 * commits (store flushes included; an estimate from the average latency) and their number, and the parts of
 * the blocked time its clients account for: the main consumer waiting for and doing network I/O in polls, the
 * producer's flushes and transaction calls.
 */
record LearnerKafkaTime(
        double blockedSeconds,
        double commitSeconds,
        long commits,
        double pollWaitSeconds,
        double pollIoSeconds,
        double flushSeconds,
        double transactionSeconds) {
    private static final String MAIN_CONSUMER = "main-consumer:";
    private static final String PRODUCER = "producer:";

    /** Kafka's share of the stream thread between two {@link #readMetrics} of the learner. */
    static LearnerKafkaTime between(Map<String, Double> start, Map<String, Double> end) {
        ToDoubleFunction<String> seconds = name -> (end.getOrDefault(name, 0.0) - start.getOrDefault(name, 0.0)) / 1e9;
        double commits = end.getOrDefault("commit-total", 0.0) - start.getOrDefault("commit-total", 0.0);
        // the average covers the metrics window (1 minute by default), so commit seconds are an estimate
        return new LearnerKafkaTime(
                seconds.applyAsDouble("blocked-time-ns-total"),
                end.getOrDefault("commit-latency-avg", 0.0) * commits / 1e3,
                (long) commits,
                seconds.applyAsDouble(MAIN_CONSUMER + "io-wait-time-ns-total"),
                seconds.applyAsDouble(MAIN_CONSUMER + "io-time-ns-total"),
                seconds.applyAsDouble(PRODUCER + "flush-time-ns-total"),
                seconds.applyAsDouble(PRODUCER + "txn-begin-time-ns-total")
                        + seconds.applyAsDouble(PRODUCER + "txn-send-offsets-time-ns-total")
                        + seconds.applyAsDouble(PRODUCER + "txn-commit-time-ns-total")
                        + seconds.applyAsDouble(PRODUCER + "txn-abort-time-ns-total"));
    }

    /**
     * The stream threads' metrics by name, and those of their main consumers and producers prefixed with
     * {@link #MAIN_CONSUMER} and {@link #PRODUCER}, each summed over threads.
     */
    static Map<String, Double> readMetrics(LearnerApp learner) {
        Map<String, Double> values = new HashMap<>();
        for (var metric : learner.streams().metrics().values()) {
            if (!(metric.metricValue() instanceof Double v) || v.isNaN()) {
                continue;
            }
            String group = metric.metricName().group();
            String client = metric.metricName().tags().getOrDefault("client-id", "");
            String prefix = group.equals("stream-thread-metrics")
                    ? ""
                    : group.equals("consumer-metrics")
                                    && client.endsWith("-consumer")
                                    && !client.endsWith("-restore-consumer")
                            ? MAIN_CONSUMER
                            : group.equals("producer-metrics") && client.endsWith("-producer") ? PRODUCER : null;
            if (prefix != null) {
                values.merge(prefix + metric.metricName().name(), v, Double::sum);
            }
        }
        return values;
    }
}
