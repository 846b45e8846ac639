package io.streambind.learner.reliability;

import io.streambind.learner.metrics.LearnerMetrics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** What a learner process shows on its HTTP port: whether it has trained a model's batches, whether it serves the model. */
final class LearnerProbe {
    private static final String TRAINED_SERIES = LearnerMetrics.BATCHES_TRAINED.replace('.', '_') + "_total{";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
    private final int port;

    LearnerProbe(int port) {
        this.port = port;
    }

    /** This process has trained at least one batch of the model (its counter is per process, from 0 at start). */
    boolean trained(String model) {
        String body = get("/metrics");
        if (body == null) {
            return false;
        }
        String tag = "model=\"" + model + "\"";
        for (String line : body.split("\n")) {
            if (line.startsWith(TRAINED_SERIES)
                    && line.contains(tag)
                    && Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)) > 0) {
                return true;
            }
        }
        return false;
    }

    /** {@code GET /models/{id}} on this process answers 200. */
    boolean serves(String model) {
        return get("/models/" + model) != null;
    }

    /** The body of a 200 answer, null for any other answer or none. */
    private String get(String path) {
        try {
            HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .timeout(REQUEST_TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException notYet) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Milliseconds from an instant until a process served a model and until it trained one of its batches. */
    record Recovery(long servedMillis, long trainedMillis) {}

    /** Polls every 20 ms from {@code sinceNanos} (a kill or a restart) until this process serves and has trained the model. */
    Recovery awaitRecovery(String model, long sinceNanos, Duration timeout) throws InterruptedException {
        long deadline = sinceNanos + timeout.toNanos();
        long served = -1;
        long trained = -1;
        while (served < 0 || trained < 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("model " + model + " not recovered on port " + port + " within " + timeout
                        + " (served " + (served >= 0) + ", trained " + (trained >= 0) + ")");
            }
            if (served < 0 && serves(model)) {
                served = (System.nanoTime() - sinceNanos) / 1_000_000;
            }
            if (trained < 0 && trained(model)) {
                trained = (System.nanoTime() - sinceNanos) / 1_000_000;
            }
            Thread.sleep(20);
        }
        return new Recovery(served, trained);
    }
}
