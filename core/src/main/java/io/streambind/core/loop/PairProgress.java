package io.streambind.core.loop;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * Training losses of one modality pair within one step (the plasticity signal: it should fall): the
 * figures of a step report's pair summary and of replay's {@code metrics.json}. Tasks are listed in
 * the order they were first trained, as the open step lists its trained tasks.
 */
public final class PairProgress {
    private final String modalityA;
    private final String modalityB;
    private final LinkedHashSet<String> tasks = new LinkedHashSet<>();
    private long batches;
    private long samples;
    private double lossFirst;
    private double lossLast;
    private double lossSum;

    PairProgress(String modalityA, String modalityB) {
        this.modalityA = modalityA;
        this.modalityB = modalityB;
    }

    void add(String task, int rows, double loss) {
        tasks.add(task);
        if (batches == 0) {
            lossFirst = loss;
        }
        lossLast = loss;
        lossSum += loss;
        batches++;
        samples += rows;
    }

    public String modalityA() {
        return modalityA;
    }

    public String modalityB() {
        return modalityB;
    }

    public List<String> tasks() {
        return List.copyOf(tasks);
    }

    public long batches() {
        return batches;
    }

    public long samples() {
        return samples;
    }

    public double lossFirst() {
        return lossFirst;
    }

    public double lossLast() {
        return lossLast;
    }

    /** NaN before the first batch. */
    public double lossMean() {
        return lossSum / batches;
    }
}
