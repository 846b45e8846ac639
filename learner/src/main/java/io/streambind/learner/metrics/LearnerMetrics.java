package io.streambind.learner.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every learner meter, named once. Micrometer names map to Prometheus as {@code streambind_...}
 * with base units (seconds) and {@code _total} on counters.
 */
public final class LearnerMetrics {
    public static final String BATCHES_TRAINED = "streambind.batches.trained";
    public static final String SAMPLES_TRAINED = "streambind.samples.trained";
    public static final String LOSS = "streambind.loss";
    public static final String LOSS_LAST = "streambind.loss.last";
    public static final String GRAD_NORM_BEFORE = "streambind.grad.norm.before.projection";
    public static final String GRAD_NORM_AFTER = "streambind.grad.norm.after.projection";
    public static final String GRAD_SHARE_REMOVED = "streambind.grad.share.removed";
    public static final String KEPT_RANK = "streambind.kept.rank";
    public static final String STEP = "streambind.step";
    public static final String STEP_END_DURATION = "streambind.step.end.duration";
    public static final String BATCH_TRAIN_DURATION = "streambind.batch.train.duration";
    public static final String DLQ_RECORDS = "streambind.dlq.records";
    public static final String EVAL_RECALL = "streambind.eval.recall";
    public static final String EVAL_ACCURACY = "streambind.eval.accuracy";
    public static final String EVAL_BWT = "streambind.eval.bwt";
    public static final String EVAL_STABILITY_DEVIATION = "streambind.eval.stability.deviation";

    private final MeterRegistry registry;
    /** Gauge values as double bits, by meter name + tags; gauges read them on scrape from any thread. */
    private final Map<String, AtomicLong> gaugeValues = new ConcurrentHashMap<>();

    public LearnerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One trained batch of {@code model} on modality pair {@code pair} (e.g. "vision-text"). */
    public void batchTrained(String model, String pair, int samples, double loss, long trainNanos) {
        Tags tags = Tags.of("model", model, "pair", pair);
        registry.counter(BATCHES_TRAINED, tags).increment();
        registry.counter(SAMPLES_TRAINED, tags).increment(samples);
        DistributionSummary.builder(LOSS).tags(tags).register(registry).record(loss);
        gauge(LOSS_LAST, tags, loss);
        Timer.builder(BATCH_TRAIN_DURATION).tags("model", model).register(registry).record(trainNanos, TimeUnit.NANOSECONDS);
    }

    /** Gradient norms of one head around the projection, and the share the projection removed. */
    public void projection(String model, String modality, double normBefore, double normAfter) {
        Tags tags = Tags.of("model", model, "modality", modality);
        DistributionSummary.builder(GRAD_NORM_BEFORE).tags(tags).register(registry).record(normBefore);
        DistributionSummary.builder(GRAD_NORM_AFTER).tags(tags).register(registry).record(normAfter);
        double removed = normBefore > 0 ? 1 - normAfter / normBefore : 0;
        DistributionSummary.builder(GRAD_SHARE_REMOVED).tags(tags).register(registry).record(removed);
    }

    public void stepClosed(String model, long nextStep, long stepEndNanos) {
        gauge(STEP, Tags.of("model", model), nextStep);
        Timer.builder(STEP_END_DURATION).tags("model", model).register(registry).record(stepEndNanos, TimeUnit.NANOSECONDS);
    }

    public void keptRank(String model, String modality, String side, int rank) {
        gauge(KEPT_RANK, Tags.of("model", model, "modality", modality, "side", side), rank);
    }

    public void deadLetter(String reason) {
        Counter.builder(DLQ_RECORDS).tags("reason", reason).register(registry).increment();
    }

    public void recall(String model, String task, int k, double value) {
        gauge(EVAL_RECALL, Tags.of("model", model, "task", task, "k", Integer.toString(k)), value);
    }

    public void accuracy(String model, String task, double value) {
        gauge(EVAL_ACCURACY, Tags.of("model", model, "task", task), value);
    }

    public void backwardTransfer(String model, String metric, double value) {
        gauge(EVAL_BWT, Tags.of("model", model, "metric", metric), value);
    }

    public void stabilityDeviation(String model, double value) {
        gauge(EVAL_STABILITY_DEVIATION, Tags.of("model", model), value);
    }

    private void gauge(String name, Tags tags, double value) {
        AtomicLong bits = gaugeValues.computeIfAbsent(name + tags, k -> {
            AtomicLong holder = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder(name, holder, h -> Double.longBitsToDouble(h.get())).tags(tags).register(registry);
            return holder;
        });
        bits.set(Double.doubleToLongBits(value));
    }
}
