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
 * with base units (seconds) and {@code _total} on counters. Tags: {@code model}; {@code pair}
 * ("a-b") on training meters; {@code task} + {@code pair} on evaluation meters (one dataset can come
 * with several modality pairs).
 */
public final class LearnerMetrics {
    public static final String BATCHES_TRAINED = "streambind.batches.trained";
    public static final String SAMPLES_TRAINED = "streambind.samples.trained";
    public static final String LOSS = "streambind.loss";
    public static final String LOSS_LAST = "streambind.loss.last";
    public static final String GRAD_NORM_BEFORE = "streambind.grad.norm.before.projection";
    public static final String GRAD_NORM_AFTER = "streambind.grad.norm.after.projection";
    /** Share of the squared gradient norm the projection removed (core's {@code BatchResult.removedShare}). */
    public static final String GRAD_SHARE_REMOVED = "streambind.grad.share.removed";

    public static final String KEPT_RANK = "streambind.kept.rank";
    public static final String STEP = "streambind.step";
    public static final String STEP_END_DURATION = "streambind.step.end.duration";
    /** Wall time of one training iteration (forward, gradients, projection, AdamW) inside the core. */
    public static final String BATCH_TRAIN_DURATION = "streambind.batch.train.duration";
    /** Loss of the first batch minus loss of the last batch of a pair within the closed step (dns-spec §6 plasticity). */
    public static final String PLASTICITY_LOSS_DROP = "streambind.plasticity.loss.drop";
    /** Stream-thread time by phase of the learner's work (see {@link Phase}); the rest is Kafka's (polls, commits). */
    public static final String WORK_DURATION = "streambind.work.duration";

    public static final String DLQ_RECORDS = "streambind.dlq.records";
    public static final String EVAL_RECALL = "streambind.eval.recall";
    public static final String EVAL_ACCURACY = "streambind.eval.accuracy";
    public static final String EVAL_BWT = "streambind.eval.bwt";
    /** Mean of the last row of a continual matrix: the final average of dns-spec §6. */
    public static final String EVAL_MEAN = "streambind.eval.mean";

    public static final String EVAL_STABILITY_DEVIATION = "streambind.eval.stability.deviation";

    /** Values of the {@code direction} tag of recall. */
    public static final String AB = "ab";

    public static final String BA = "ba";
    public static final String MEAN = "mean";
    /** Values of the {@code metric} tag of BWT and means. */
    public static final String METRIC_R10 = "r10";

    public static final String METRIC_ACCURACY = "accuracy";

    private final MeterRegistry registry;
    /** Gauge values as double bits, by meter name + tags; gauges read them on scrape from any thread. */
    private final Map<String, AtomicLong> gaugeValues = new ConcurrentHashMap<>();

    private final Map<String, Timer[]> workTimers = new ConcurrentHashMap<>();
    private final Map<String, Map<String, PairMeters>> pairMeters = new ConcurrentHashMap<>();

    public LearnerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One trained batch of {@code model} on modality pair {@code pair} (e.g. "vision-text"). */
    public void batchTrained(String model, String pair, int samples, double loss, long trainNanos) {
        PairMeters meters = pairMeters(model, pair);
        meters.batches.increment();
        meters.samples.increment(samples);
        meters.loss.record(loss);
        meters.lossLast.set(Double.doubleToLongBits(loss));
        meters.trainDuration.record(trainNanos, TimeUnit.NANOSECONDS);
    }

    /** Global gradient norm of a batch's two heads around the projection, and the share it removed. */
    public void projection(String model, String pair, double normBefore, double normAfter, double removedShare) {
        PairMeters meters = pairMeters(model, pair);
        meters.normBefore.record(normBefore);
        meters.normAfter.record(normAfter);
        meters.shareRemoved.record(removedShare);
    }

    /**
     * The per-batch meters of one model's modality pair, registered once: a batch then records into
     * them without building tags or looking meters up in the registry.
     */
    private record PairMeters(
            Counter batches,
            Counter samples,
            DistributionSummary loss,
            AtomicLong lossLast,
            Timer trainDuration,
            DistributionSummary normBefore,
            DistributionSummary normAfter,
            DistributionSummary shareRemoved) {}

    private PairMeters pairMeters(String model, String pair) {
        Map<String, PairMeters> byPair = pairMeters.get(model);
        PairMeters meters = byPair == null ? null : byPair.get(pair);
        if (meters == null) {
            meters = pairMeters
                    .computeIfAbsent(model, m -> new ConcurrentHashMap<>())
                    .computeIfAbsent(pair, p -> registerPairMeters(Tags.of("model", model, "pair", p)));
        }
        return meters;
    }

    private PairMeters registerPairMeters(Tags tags) {
        return new PairMeters(
                registry.counter(BATCHES_TRAINED, tags),
                registry.counter(SAMPLES_TRAINED, tags),
                DistributionSummary.builder(LOSS).tags(tags).register(registry),
                gaugeHolder(LOSS_LAST, tags),
                Timer.builder(BATCH_TRAIN_DURATION).tags(tags).register(registry),
                DistributionSummary.builder(GRAD_NORM_BEFORE).tags(tags).register(registry),
                DistributionSummary.builder(GRAD_NORM_AFTER).tags(tags).register(registry),
                DistributionSummary.builder(GRAD_SHARE_REMOVED).tags(tags).register(registry));
    }

    public void stepClosed(String model, long nextStep, long stepEndNanos) {
        gauge(STEP, Tags.of("model", model), nextStep);
        Timer.builder(STEP_END_DURATION)
                .tags("model", model)
                .register(registry)
                .record(stepEndNanos, TimeUnit.NANOSECONDS);
    }

    /** What the learner's stream thread spends its time on, per record it processes. */
    public enum Phase {
        /** Avro decoding of input records. */
        DECODE,
        /** Forward/backward pass, projection and AdamW of a training batch. */
        TRAIN,
        /** Writing a batch's redo-log entry and the manifest to the stores. */
        STORE,
        /** Keeping test pairs and prompts. */
        KEEP,
        /** The step-end fold and projector refresh. */
        STEP_END,
        /** Continual evaluation at a step end. */
        EVALUATE,
        /** Section snapshots in the store and encoding the versioned heads snapshot. */
        SNAPSHOT,
        /** Sending a step's report and heads-snapshot chunks to their topics (serialization, producer). */
        PUBLISH;

        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Called several times per record, so each model's timers are looked up once, not built per call. */
    /** Starts timing one phase of a model's work: {@code try (PhaseTiming t = metrics.time(model, phase)) {...}}. */
    public PhaseTiming time(String model, Phase phase) {
        return new PhaseTiming(this, model, phase);
    }

    public void work(String model, Phase phase, long nanos) {
        Timer[] timers = workTimers.get(model);
        if (timers == null) {
            timers = workTimers.computeIfAbsent(model, this::workTimersOf);
        }
        timers[phase.ordinal()].record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer[] workTimersOf(String model) {
        Timer[] timers = new Timer[Phase.values().length];
        for (Phase phase : Phase.values()) {
            timers[phase.ordinal()] = Timer.builder(WORK_DURATION)
                    .tags("model", model, "phase", phase.tag())
                    .register(registry);
        }
        return timers;
    }

    public void plasticity(String model, String pair, double lossDrop) {
        gauge(PLASTICITY_LOSS_DROP, Tags.of("model", model, "pair", pair), lossDrop);
    }

    public void keptRank(String model, String modality, String side, int rank) {
        gauge(KEPT_RANK, Tags.of("model", model, "modality", modality, "side", side), rank);
    }

    public void deadLetter(String reason) {
        Counter.builder(DLQ_RECORDS).tags("reason", reason).register(registry).increment();
    }

    /** Recall@k of a task after the latest step; {@code direction} is {@link #AB}, {@link #BA} or {@link #MEAN}. */
    public void recall(String model, String task, String pair, int k, String direction, double value) {
        gauge(
                EVAL_RECALL,
                Tags.of("model", model, "task", task, "pair", pair, "k", Integer.toString(k), "direction", direction),
                value);
    }

    public void accuracy(String model, String task, String pair, double value) {
        gauge(EVAL_ACCURACY, Tags.of("model", model, "task", task, "pair", pair), value);
    }

    /** BWT and last-row mean of one continual matrix ({@link #METRIC_R10}, {@link #METRIC_ACCURACY}); null = undefined, left as it was. */
    public void continual(String model, String metric, Double bwt, Double mean) {
        Tags tags = Tags.of("model", model, "metric", metric);
        if (bwt != null) {
            gauge(EVAL_BWT, tags, bwt);
        }
        if (mean != null) {
            gauge(EVAL_MEAN, tags, mean);
        }
    }

    /** Stability deviation of the previous step's task under the model after the latest step. */
    public void stabilityDeviation(String model, double value) {
        gauge(EVAL_STABILITY_DEVIATION, Tags.of("model", model), value);
    }

    private void gauge(String name, Tags tags, double value) {
        gaugeHolder(name, tags).set(Double.doubleToLongBits(value));
    }

    /** The value holder of a gauge, registered on first use; NaN until set. */
    private AtomicLong gaugeHolder(String name, Tags tags) {
        return gaugeValues.computeIfAbsent(name + tags, k -> {
            AtomicLong holder = new AtomicLong(Double.doubleToLongBits(Double.NaN));
            Gauge.builder(name, holder, h -> Double.longBitsToDouble(h.get()))
                    .tags(tags)
                    .register(registry);
            return holder;
        });
    }
}
