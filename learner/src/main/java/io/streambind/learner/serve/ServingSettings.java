package io.streambind.learner.serve;

import io.streambind.learner.LearnerConfig;
import java.time.Duration;

/** The limits the HTTP server serves under (learner.http.*, learner.embed.*, learner.serve.*). */
public record ServingSettings(
        int threads, int queueSize, Duration requestTimeout, int maxVectors, int maxRequestBytes, int modelsMax) {

    public static ServingSettings from(LearnerConfig config) {
        return new ServingSettings(
                config.httpThreads(),
                config.httpQueueSize(),
                config.httpRequestTimeout(),
                config.embedMaxVectors(),
                config.embedMaxRequestBytes(),
                config.serveModelsMax());
    }
}
