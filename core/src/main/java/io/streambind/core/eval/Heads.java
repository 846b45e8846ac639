package io.streambind.core.eval;

import io.streambind.core.model.ContinualModel;

/** The projection heads an evaluation scores with: a trained model's, or the identity heads it starts from. */
interface Heads {
    /** Whether a head for {@code modality} takes inputs of {@code width}. */
    boolean knows(String modality, int width);

    /** n rows of {@code modality} projected to {@link #outputWidth()}. */
    float[] embed(String modality, float[] x, int n, int width);

    int outputWidth();

    static Heads of(ContinualModel model) {
        return new Heads() {
            @Override
            public boolean knows(String modality, int width) {
                return model.modalities().contains(modality) && model.inputWidth(modality) == width;
            }

            @Override
            public float[] embed(String modality, float[] x, int n, int width) {
                return model.embed(modality, x, n);
            }

            @Override
            public int outputWidth() {
                return model.outputWidth();
            }
        };
    }

    /**
     * The heads every model starts from (dns-spec §1: W = [I | 0] or [I; 0], b = 0): the frozen encoder's
     * space, truncated or zero-padded to {@code outputWidth}.
     */
    static Heads identity(int outputWidth) {
        return new Heads() {
            @Override
            public boolean knows(String modality, int width) {
                return true;
            }

            @Override
            public float[] embed(String modality, float[] x, int n, int width) {
                float[] y = new float[n * outputWidth];
                int copied = Math.min(width, outputWidth);
                for (int i = 0; i < n; i++) {
                    System.arraycopy(x, i * width, y, i * outputWidth, copied);
                }
                return y;
            }

            @Override
            public int outputWidth() {
                return outputWidth;
            }
        };
    }
}
