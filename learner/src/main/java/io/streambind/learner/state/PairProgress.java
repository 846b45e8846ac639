package io.streambind.learner.state;

import java.util.TreeSet;

/** What a modality pair trained in the open step: the figures of its {@code PairSummary} in the step report. */
public final class PairProgress {
    public String modalityA;
    public String modalityB;
    public TreeSet<String> tasks = new TreeSet<>();
    public long batches;
    public long samples;
    public double lossFirst;
    public double lossLast;
    public double lossSum;

    public PairProgress() {
    }

    public PairProgress(String modalityA, String modalityB) {
        this.modalityA = modalityA;
        this.modalityB = modalityB;
    }

    public void record(String task, int rows, double loss) {
        if (batches == 0) {
            lossFirst = loss;
        }
        tasks.add(task);
        batches++;
        samples += rows;
        lossLast = loss;
        lossSum += loss;
    }

    public double lossMean() {
        return batches == 0 ? Double.NaN : lossSum / batches;
    }
}
