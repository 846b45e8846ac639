package io.streambind.cli.bench;

import io.micrometer.core.instrument.Timer;
import io.streambind.cli.demo.Demo;
import io.streambind.learner.LearnerApp;
import io.streambind.learner.metrics.LearnerMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * A demo run of one method measured from inside its process while the method streamed: besides the demo's
 * figures, the learner's stream-thread seconds by phase of its work, Kafka's share of its stream thread, and
 * the CPU seconds of every thread of the process by thread name (empty without /proc).
 */
record MeasuredRun(
        Demo.Result demo,
        Map<String, Double> workSecondsByPhase,
        LearnerKafkaTime kafkaTime,
        Map<String, Double> cpuSecondsByThread) {

    static MeasuredRun of(Demo.Options options, PrintStream out) throws IOException, InterruptedException {
        Probe probe = new Probe();
        Demo.Result demo = new Demo(options, out, probe).run();
        return new MeasuredRun(demo, probe.workSeconds, probe.kafkaTime, probe.cpuSeconds);
    }

    /** The figures of the run's one method. */
    Demo.MethodResult method() {
        return demo.methods().get(0);
    }

    /** Seconds of the method's wall time that the learner's work phases do not account for. */
    double otherSeconds() {
        return method().wallSeconds()
                - workSecondsByPhase.values().stream()
                        .mapToDouble(Double::doubleValue)
                        .sum();
    }

    private static final class Probe implements Demo.StreamingProbe {
        private Map<String, Double> metricsAtStart;
        private ThreadCpuSampler cpu;
        private Map<String, Double> workSeconds;
        private LearnerKafkaTime kafkaTime;
        private Map<String, Double> cpuSeconds;

        @Override
        public void started(LearnerApp learner) {
            metricsAtStart = LearnerKafkaTime.readMetrics(learner);
            cpu = new ThreadCpuSampler();
        }

        @Override
        public void ended(LearnerApp learner) {
            try (ThreadCpuSampler sampler = cpu) {
                cpuSeconds = sampler.secondsByThreadName();
            }
            workSeconds = workSecondsByPhase(learner);
            kafkaTime = LearnerKafkaTime.between(metricsAtStart, LearnerKafkaTime.readMetrics(learner));
        }

        /** The learner's stream-thread seconds by phase of its work, all models together. */
        private static Map<String, Double> workSecondsByPhase(LearnerApp learner) {
            Map<String, Double> seconds = new TreeMap<>();
            for (Timer timer :
                    learner.meterRegistry().find(LearnerMetrics.WORK_DURATION).timers()) {
                seconds.merge(timer.getId().getTag("phase"), timer.totalTime(TimeUnit.SECONDS), Double::sum);
            }
            return seconds;
        }
    }
}
