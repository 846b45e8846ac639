package io.streambind.core.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dual-side null-space projection G <- G - L G R (dns-spec.md section 4) with the cheap
 * products: bases instead of d x d projectors, the complement when it is smaller, no left product
 * when L = I, and low-rank forms for a raw gradient G = dY^T X. Temporaries are at most
 * rank x d and come from the workspace; every product is a BLAS call, the subtraction rides on
 * GEMM's alpha/beta.
 */
public final class NullSpaceProjection {
    private final Workspace workspace;

    public NullSpaceProjection(Workspace workspace) {
        this.workspace = workspace;
    }

    /** G <- G - L G R for a dense G (d_out x dim R). */
    public void projectDense(INDArray g, RangeBasis left, RangeBasis right) {
        subtractProjected(g, g, left, right);
    }

    /**
     * target <- target - L Δ R, returning ||L Δ R||_F^2. With {@code target} holding W~ + Δ this
     * turns the AdamW step Δ into its projection in place on the weights (profile exact) without a
     * d x d temporary; {@code target} may be {@code delta} itself. Every read of Δ happens before
     * the first write to {@code target}. Both are whole arrays (no views). Cost: 4 d_out dim k_R (+ 4 d_out k_R k_L on the left)
     * when R is kept as U_R.
     */
    public double subtractProjected(INDArray delta, INDArray target, RangeBasis left, RangeBasis right) {
        if (left.form() == RangeBasis.Form.ZERO || right.form() == RangeBasis.Form.ZERO) {
            return 0;
        }
        DataType type = delta.dataType();
        if (right.form() == RangeBasis.Form.KEPT) {
            // L Δ R = (L (Δ U)) U^T, and ||(L Δ U) U^T|| = ||L Δ U|| since U has orthonormal columns
            INDArray u = right.basis();
            INDArray t = workspace.matrix("proj.du", type, delta.rows(), u.columns());
            Nd4j.gemm(delta, u, t, false, false, 1.0, 0.0);
            applyLeftInPlace(left, t, "proj.ldu");
            Nd4j.gemm(t, u, target, false, true, -1.0, 1.0);
            double norm = Matrices.norm(t);
            return norm * norm;
        }
        // R = I - N N^T (N empty when R = I): L Δ R = L Δ - (L Δ N) N^T and ||L Δ R||^2 = ||L Δ||^2 - ||L Δ N||^2
        INDArray ldn = null;
        double removed = 0;
        if (right.form() == RangeBasis.Form.COMPLEMENT) {
            INDArray n = right.basis();
            ldn = workspace.matrix("proj.dn", type, delta.rows(), n.columns());
            Nd4j.gemm(delta, n, ldn, false, false, 1.0, 0.0);
            applyLeftInPlace(left, ldn, "proj.ldn");
            double norm = Matrices.norm(ldn);
            removed -= norm * norm;
        }
        removed += subtractLeft(left, delta, target);
        if (ldn != null) {
            Nd4j.gemm(ldn, right.basis(), target, false, true, 1.0, 1.0);
        }
        return Math.max(0, removed);
    }

    /**
     * X <- X (I - R) on the rows of X (n x dim R), in place: with L = I the projected raw gradient
     * is then dY^T X, one GEMM, instead of forming G and subtracting (profile paper).
     */
    public void projectRowsOntoNullSpace(INDArray x, RangeBasis right) {
        switch (right.form()) {
            case ZERO -> {}
            case IDENTITY -> x.assign(0); // every direction protected: rare, and x may be a view
            case KEPT -> {
                INDArray u = right.basis();
                INDArray c = workspace.matrix("rows.xu", x.dataType(), x.rows(), u.columns());
                Nd4j.gemm(x, u, c, false, false, 1.0, 0.0);
                Nd4j.gemm(c, u, x, false, true, -1.0, 1.0);
            }
            case COMPLEMENT -> {
                INDArray n = right.basis();
                INDArray c = workspace.matrix("rows.xn", x.dataType(), x.rows(), n.columns());
                Nd4j.gemm(x, n, c, false, false, 1.0, 0.0);
                Nd4j.gemm(c, n, x, false, true, 1.0, 0.0);
            }
        }
    }

    /**
     * G <- G - scale (dY L)^T (X R) where {@code g} holds exactly scale dY^T X (d_out x dim R): the
     * clipped raw gradient of profile paper with a general left side, at O(n d^2) instead of O(d^3).
     */
    public void projectRawGradient(
            INDArray g, INDArray dY, INDArray x, RangeBasis left, RangeBasis right, double scale) {
        if (left.form() == RangeBasis.Form.ZERO || right.form() == RangeBasis.Form.ZERO) {
            return;
        }
        INDArray dYl = applyToRows(left, dY, "proj.dyl");
        INDArray xr = applyToRows(right, x, "proj.xr");
        Nd4j.gemm(dYl, xr, g, true, false, -scale, 1.0);
    }

    /** M <- P M for a projector P on the rows of M (M has dim P rows); nothing when P = I. */
    void applyLeftInPlace(RangeBasis p, INDArray m, String name) {
        if (p.form() == RangeBasis.Form.IDENTITY) {
            return;
        }
        INDArray b = p.basis();
        INDArray coefficients = workspace.matrix(name, m.dataType(), b.columns(), m.columns());
        Nd4j.gemm(b, m, coefficients, true, false, 1.0, 0.0);
        if (p.form() == RangeBasis.Form.KEPT) {
            Nd4j.gemm(b, coefficients, m, false, false, 1.0, 0.0);
        } else {
            Nd4j.gemm(b, coefficients, m, false, false, -1.0, 1.0);
        }
    }

    /** target <- target - L Δ; returns ||L Δ||^2. Reads Δ fully before writing target. */
    private double subtractLeft(RangeBasis left, INDArray delta, INDArray target) {
        switch (left.form()) {
            case IDENTITY -> {
                double norm = Matrices.norm(delta);
                Nd4j.getBlasWrapper().level1().axpy(target.length(), -1.0, flat(delta), flat(target));
                return norm * norm;
            }
            case KEPT -> {
                INDArray u = left.basis();
                INDArray c = workspace.matrix("proj.ulg", delta.dataType(), u.columns(), delta.columns());
                Nd4j.gemm(u, delta, c, true, false, 1.0, 0.0);
                Nd4j.gemm(u, c, target, false, false, -1.0, 1.0);
                double norm = Matrices.norm(c);
                return norm * norm;
            }
            case COMPLEMENT -> {
                // L Δ = Δ - N (N^T Δ)
                INDArray n = left.basis();
                INDArray c = workspace.matrix("proj.nlg", delta.dataType(), n.columns(), delta.columns());
                Nd4j.gemm(n, delta, c, true, false, 1.0, 0.0);
                double all = Matrices.norm(delta);
                double inNull = Matrices.norm(c);
                Nd4j.getBlasWrapper().level1().axpy(target.length(), -1.0, flat(delta), flat(target));
                Nd4j.gemm(n, c, target, false, false, 1.0, 1.0);
                return all * all - inNull * inNull;
            }
            default -> {
                return 0;
            }
        }
    }

    /** M P for row vectors M (n x dim P); M itself when P = I. */
    private INDArray applyToRows(RangeBasis p, INDArray m, String name) {
        if (p.form() == RangeBasis.Form.IDENTITY) {
            return m;
        }
        INDArray b = p.basis();
        INDArray coefficients = workspace.matrix(name + ".c", m.dataType(), m.rows(), b.columns());
        Nd4j.gemm(m, b, coefficients, false, false, 1.0, 0.0);
        INDArray out = workspace.matrix(name, m.dataType(), m.rows(), m.columns());
        if (p.form() == RangeBasis.Form.KEPT) {
            Nd4j.gemm(coefficients, b, out, false, true, 1.0, 0.0);
        } else {
            out.assign(m);
            Nd4j.gemm(coefficients, b, out, false, true, -1.0, 1.0);
        }
        return out;
    }

    private static INDArray flat(INDArray a) {
        return a.reshape(a.ordering(), new long[] {a.length()});
    }
}
