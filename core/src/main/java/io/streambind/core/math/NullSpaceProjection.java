package io.streambind.core.math;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dual-side null-space projection G <- G - L G R (dns-spec.md section 4) with the cheap
 * products: bases instead of d x d projectors, the complement when it is smaller, no left product
 * when L = I, and (dY L)^T (X R) for a raw gradient G = dY^T X. Temporaries are at most
 * rank x d and come from the workspace.
 */
public final class NullSpaceProjection {
  private final Workspace workspace;

  public NullSpaceProjection(Workspace workspace) {
    this.workspace = workspace;
  }

  /** G <- G - L G R for a dense G (d_out x dim R): the AdamW step in profile exact. */
  public void projectDense(INDArray g, RangeBasis left, RangeBasis right) {
    if (left.form() == RangeBasis.Form.ZERO || right.form() == RangeBasis.Form.ZERO) {
      return;
    }
    DataType type = g.dataType();
    if (right.form() == RangeBasis.Form.KEPT) {
      // L G R = L (G U) U^T
      INDArray u = right.basis();
      INDArray gu = workspace.matrix("proj.gu", type, g.rows(), u.columns());
      Nd4j.gemm(g, u, gu, false, false, 1.0, 0.0);
      INDArray lgu = applyLeft(left, gu, "proj.lgu");
      Nd4j.gemm(lgu, u, g, false, true, -1.0, 1.0);
      return;
    }
    // R = I - N N^T (N empty when R = I): G - L G R = (I - L) G + (L G N) N^T
    INDArray lgn = null;
    if (right.form() == RangeBasis.Form.COMPLEMENT) {
      INDArray n = right.basis();
      INDArray gn = workspace.matrix("proj.gn", type, g.rows(), n.columns());
      Nd4j.gemm(g, n, gn, false, false, 1.0, 0.0);
      lgn = applyLeft(left, gn, "proj.lgn");
    }
    subtractLeft(left, g);
    if (lgn != null) {
      Nd4j.gemm(lgn, right.basis(), g, false, true, 1.0, 1.0);
    }
  }

  /**
   * G <- G - (dY L)^T (X R) where {@code g} holds exactly dY^T X (d_out x dim R): the raw gradient
   * of profile paper, at O(n d^2) instead of O(d^3).
   */
  public void projectRawGradient(INDArray g, INDArray dY, INDArray x, RangeBasis left, RangeBasis right) {
    if (left.form() == RangeBasis.Form.ZERO || right.form() == RangeBasis.Form.ZERO) {
      return;
    }
    INDArray dYl = applyToRows(left, dY, "proj.dyl");
    INDArray xr = applyToRows(right, x, "proj.xr");
    Nd4j.gemm(dYl, xr, g, true, false, -1.0, 1.0);
  }

  /** P M for a projector P on the rows of M (M has dim P rows); M itself when P = I. */
  private INDArray applyLeft(RangeBasis p, INDArray m, String name) {
    if (p.form() == RangeBasis.Form.IDENTITY) {
      return m;
    }
    INDArray b = p.basis();
    INDArray coefficients = workspace.matrix(name + ".c", m.dataType(), b.columns(), m.columns());
    Nd4j.gemm(b, m, coefficients, true, false, 1.0, 0.0);
    INDArray out = workspace.matrix(name, m.dataType(), m.rows(), m.columns());
    if (p.form() == RangeBasis.Form.KEPT) {
      Nd4j.gemm(b, coefficients, out, false, false, 1.0, 0.0);
    } else {
      out.assign(m);
      Nd4j.gemm(b, coefficients, out, false, false, -1.0, 1.0);
    }
    return out;
  }

  /** G <- (I - L) G in place. */
  private void subtractLeft(RangeBasis left, INDArray g) {
    switch (left.form()) {
      case IDENTITY -> g.assign(0);
      case KEPT -> {
        INDArray u = left.basis();
        INDArray c = workspace.matrix("proj.ulg", g.dataType(), u.columns(), g.columns());
        Nd4j.gemm(u, g, c, true, false, 1.0, 0.0);
        Nd4j.gemm(u, c, g, false, false, -1.0, 1.0);
      }
      case COMPLEMENT -> {
        INDArray n = left.basis();
        INDArray c = workspace.matrix("proj.nlg", g.dataType(), n.columns(), g.columns());
        Nd4j.gemm(n, g, c, true, false, 1.0, 0.0);
        Nd4j.gemm(n, c, g, false, false, 1.0, 0.0);
      }
      case ZERO -> { }
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
}
