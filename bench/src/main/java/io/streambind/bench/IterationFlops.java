package io.streambind.bench;

import io.streambind.core.math.RangeBasis;
import io.streambind.core.model.ContinualModel;

/**
 * Floating-point operations of one training iteration on a pair, counted as the core performs them
 * (a multiply-add is 2 flops; syrk counts its half): the work every method does, and the extra of
 * each DNS profile given the modalities' current bases.
 */
final class IterationFlops {
    private IterationFlops() {}

    /** Forward, scores, output gradients, clipping Grams and head gradients of both sides. */
    static double shared(ContinualModel model, String a, String b, int n) {
        double out = model.outputWidth();
        double total = 2.0 * n * n * out * 3; // S = Y_a Y_b^T, dY_a, dY_b
        for (String m : new String[] {a, b}) {
            double in = model.inputWidth(m) + 1.0;
            total += 2 * 2.0 * n * in * out; // Y = X W~^T and G~ = c dY^T X~
            total += 2.0 * n * n * (in + out); // Grams X X^T, dY dY^T for the clipping norm
        }
        return total;
    }

    /** Profile paper's extra: X (I - R) on the rows, the projected rows' Gram, the step sum S += X^T X. */
    static double paperExtra(ContinualModel model, String a, String b, int n) {
        double total = 0;
        for (String m : new String[] {a, b}) {
            RangeBasis r = model.rightBasis(m);
            total += 4.0 * n * r.dim() * columns(r) + 2.0 * n * n * (model.inputWidth(m) + 1.0);
            total += stepSum(r.dim(), n);
        }
        return total;
    }

    /**
     * Profile exact's extra: the step sum and the projection of the AdamW step; with a kept right
     * basis the write-back is deferred (Δ U and the outputs' correction (X U) T^T), otherwise
     * W~ -= L Δ R in full.
     */
    static double exactExtra(ContinualModel model, String a, String b, int n) {
        double total = 0;
        for (String m : new String[] {a, b}) {
            RangeBasis right = model.rightBasis(m);
            total += stepSum(right.dim(), n) + projection(model.leftBasis(m), right);
            if (right.form() == RangeBasis.Form.KEPT) {
                total += 2.0 * n * columns(right) * (right.dim() + model.outputWidth());
            }
        }
        return total;
    }

    /** Flops of projecting one head's step for these bases (d_out = dim of L), as the model does it. */
    static double projection(RangeBasis left, RangeBasis right) {
        if (left.form() == RangeBasis.Form.ZERO || right.form() == RangeBasis.Form.ZERO) {
            return 0;
        }
        double out = left.dim();
        double dim = right.dim();
        double cr = columns(right);
        double cl = columns(left);
        double leftOfRight = 4 * out * cr * cl; // L applied to the d_out x c_R product
        if (right.form() == RangeBasis.Form.KEPT) {
            return 2 * out * dim * cr + leftOfRight; // Δ U only: DeferredProjection
        }
        // R = I - N N^T: Δ N, (L Δ N) N^T, plus L Δ itself (an axpy, or 4 d_out dim c_L)
        return 4 * out * dim * cr
                + leftOfRight
                + (left.form() == RangeBasis.Form.IDENTITY ? 2 * out * dim : 4 * out * dim * cl);
    }

    private static double stepSum(double dim, int n) {
        return n * dim * (dim + 1); // syrk: the upper triangle of X^T X
    }

    private static double columns(RangeBasis p) {
        return p.basis() == null ? 0 : p.basis().columns();
    }
}
