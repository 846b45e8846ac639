package io.streambind.cli.bench;

import io.streambind.cli.Stopwatch;
import io.streambind.learner.metrics.LearnerMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a learner over HTTP whether it serves a model again and has trained one of its batches. */
final class RecoveryPoll {
    private static final String TRAINED_SERIES = LearnerMetrics.BATCHES_TRAINED.replace('.', '_') + "_total{";

    /** Seconds from the restart or kill until the model is served, and until it trained a batch. */
    record Recovery(double servedSeconds, double trainedSeconds) {}

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Polls the learner every 20 ms until it serves the model and has trained one of its batches; seconds {@code since}. */
    Recovery await(int port, String model, Stopwatch since, Duration timeout) throws InterruptedException {
        double served = -1;
        double trained = -1;
        while (served < 0 || trained < 0) {
            if (since.exceeded(timeout)) {
                throw new IllegalStateException("model " + model + " not recovered within " + timeout);
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
            if (line.startsWith(TRAINED_SERIES)
                    && line.contains("model=\"" + model + "\"")
                    && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) {
                return true;
            }
        }
        return false;
    }

    /** The body of a 200 answer, null for any other answer or none. */
    private String get(int port, String path) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException notYet) {
            return null;
        }
    }
}
