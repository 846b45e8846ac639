package io.streambind.core.eval;

/** Zero-shot classification against class prototypes (projected class-name embeddings). */
public final class ZeroShot {
    private ZeroShot() {}

    /**
     * Share of the n row-major embeddings (width d) whose highest-scoring prototype (inner product,
     * ties to the lower class index) is their label. The scores are one float32 GEMM, as retrieval's.
     */
    public static double accuracy(float[] embeddings, int n, float[] prototypes, int classes, int d, int[] labels) {
        if (n <= 0
                || embeddings.length != (long) n * d
                || prototypes.length != (long) classes * d
                || labels.length != n) {
            throw new IllegalArgumentException(
                    "inconsistent zero-shot shapes: n=" + n + ", classes=" + classes + ", d=" + d);
        }
        float[] scores = Scores.innerProducts(embeddings, n, prototypes, classes, d);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                correct++;
            }
        }
        return (double) correct / n;
    }
}
