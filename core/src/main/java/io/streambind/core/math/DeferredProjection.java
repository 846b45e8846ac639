package io.streambind.core.math;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The projected AdamW step of profile exact (dns-spec.md section 4) with its range-side write-back
 * deferred. A head is held as W~ = W_s - T U^T, with U the kept right basis (dim x k) and a pending
 * T (d_out x k). Writing L (Δ U) U^T into W_s every iteration costs a second d_out x k x dim GEMM;
 * folding it into T instead costs O(d_out k), so an iteration pays only Δ U. The head is
 * materialized, W_s -= T U^T, once per step (and on reads).
 *
 * <p>With the AdamW step Δ = Δ_s + ηλ T U^T E, where Δ_s is computed from W_s and E masks the
 * bias column (no decay there): writing u_b for U's bias row, Δ_s' = Δ_s - ηλ (T u_b) e_b^T and
 * Δ U = Δ_s' U + ηλ T, the projected update W~ + Δ - L Δ U U^T is exactly
 * W_s' = W_s + Δ_s' and T' = (1 - ηλ) T + L (Δ_s' U + ηλ T).
 */
public final class DeferredProjection {
    private final Workspace workspace;
    private final NullSpaceProjection left;

    public DeferredProjection(Workspace workspace) {
        this.workspace = workspace;
        this.left = new NullSpaceProjection(workspace);
    }

    /** Squared norms of one head's step before and after the projection. */
    public record Norms(double before, double after) {}

    /**
     * Completes one iteration after the fused AdamW pass left W_s + Δ_s in {@code weights} and Δ_s
     * in {@code step} (squared norm {@code stepSquares}): adjusts the bias column, updates the pending
     * {@code t} and returns ||Δ||^2 and ||Δ - L Δ R||^2 for the head W~ = W_s - T U^T.
     *
     * @param decay ηλ, the learning rate times the weight decay
     */
    public Norms completeStep(
            INDArray step,
            double stepSquares,
            INDArray weights,
            INDArray t,
            RangeBasis leftBasis,
            RangeBasis right,
            double decay) {
        INDArray u = right.basis();
        int out = (int) weights.rows();
        int dim = (int) u.rows();
        int k = (int) u.columns();
        int bias = dim - 1;
        FloatBuffer ub = Matrices.storage(u);
        FloatBuffer tb = Matrices.storage(t);
        FloatBuffer sb = Matrices.storage(step);
        FloatBuffer wb = Matrices.storage(weights);
        // bias column: Δ_s' = Δ_s - ηλ (T u_b) e_b^T, on the step and on W_s alike
        double[] tub = new double[out]; // T u_b, column by column (T is column-major)
        for (int j = 0; j < k; j++) {
            double ubj = ub.get(j * dim + bias);
            for (int r = 0, from = j * out; r < out; r++) {
                tub[r] += tb.get(from + r) * ubj;
            }
        }
        double squares = stepSquares;
        for (int r = 0; r < out; r++) {
            double tu = tub[r];
            int at = bias * out + r;
            float old = sb.get(at);
            float adjusted = (float) (old - decay * tu);
            squares += (double) adjusted * adjusted - (double) old * old;
            sb.put(at, adjusted);
            wb.put(at, (float) (wb.get(at) - decay * tu));
        }
        INDArray m = workspace.matrix("deferred.du", step.dataType(), out, k);
        Nd4j.gemm(step, u, m, false, false, 1.0, 0.0); // Δ_s' U: the one large product
        FloatBuffer mb = Matrices.storage(m);
        double cross = 0;
        double pending = 0;
        for (int i = 0, n = out * k; i < n; i++) {
            float ti = tb.get(i);
            cross += (double) mb.get(i) * ti;
            pending += (double) ti * ti;
            mb.put(i, (float) (mb.get(i) + decay * ti)); // Δ U
        }
        // ||Δ||^2 = ||Δ_s'||^2 + 2ηλ <Δ_s' U, T> + (ηλ)^2 ||T||^2, as U has orthonormal columns
        double before = Math.max(0, squares + 2 * decay * cross + decay * decay * pending);
        left.applyLeftInPlace(leftBasis, m, "deferred.ldu");
        double removed = 0;
        float keep = (float) (1 - decay);
        for (int i = 0, n = out * k; i < n; i++) {
            float li = mb.get(i);
            removed += (double) li * li;
            tb.put(i, keep * tb.get(i) + li);
        }
        return new Norms(before, Math.max(0, before - removed));
    }

    /** W_s <- W_s - T U^T and T <- 0: the head as one dense matrix again. */
    public static void materialize(INDArray weights, INDArray t, RangeBasis right) {
        Nd4j.gemm(t, right.basis(), weights, false, true, -1.0, 1.0);
        FloatBuffer tb = Matrices.storage(t);
        for (int i = 0, n = (int) t.length(); i < n; i++) {
            tb.put(i, 0f);
        }
    }

    /** Y <- Y - (X U) T^T: outputs of the head W_s - T U^T from those of W_s (X is n x dim). */
    public void correctOutputs(INDArray x, INDArray y, INDArray t, RangeBasis right, String name) {
        INDArray xu =
                workspace.matrix(name, x.dataType(), x.rows(), right.basis().columns());
        Nd4j.gemm(x, right.basis(), xu, false, false, 1.0, 0.0);
        Nd4j.gemm(xu, t, y, false, true, -1.0, 1.0);
    }
}
