package io.streambind.learner.reliability;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/** Samples a learner's client state and stream threads at a fixed rate, to show what it went through. */
final class StateSampler {
    /** Client states seen, stream threads seen as "name STATE", and how many samples were taken. */
    record Observed(Set<String> clientStates, Set<String> threads, long samples) {}

    private final KafkaStreams streams;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final Set<String> clientStates = new TreeSet<>();
    private final Set<String> threads = new TreeSet<>();
    private long samples;

    private StateSampler(KafkaStreams streams) {
        this.streams = streams;
    }

    static StateSampler start(KafkaStreams streams, Duration period) {
        StateSampler sampler = new StateSampler(streams);
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return sampler;
    }

    private synchronized void sample() {
        clientStates.add(streams.state().name());
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            threads.add(thread.threadName() + " " + thread.threadState());
        }
        samples++;
    }

    Observed stop() throws InterruptedException {
        timer.shutdown();
        timer.awaitTermination(5, TimeUnit.SECONDS);
        synchronized (this) {
            return new Observed(Set.copyOf(clientStates), Set.copyOf(threads), samples);
        }
    }
}
