package io.streambind.producer.synthetic;

/**
 * One step of the paper's benchmark: a dataset seen through a modality pair.
 *
 * @param paperTrain training pairs of the dataset in the paper (capped where noted in the README)
 * @param classes class count for zero-shot evaluation, 0 when the dataset has none
 */
public record BenchmarkTask(
        String dataset, String modalityA, String modalityB, int paperTrain, int paperTest, int classes) {}
