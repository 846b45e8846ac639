package io.streambind.core.math;

import static io.streambind.core.math.ProjectionFixtures.THRESHOLD;
import static io.streambind.core.math.ProjectionFixtures.covariance;
import static io.streambind.core.math.ProjectionFixtures.dense;
import static io.streambind.core.math.ProjectionFixtures.multiply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.streambind.core.math.RangeBasis.Form;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Several AdamW-like iterations with the write-back deferred against the dense rule in double:
 * W~ += Δ - L Δ R with Δ = -η (A + λ W~ E) (no decay on the bias column), and the step norms.
 */
class DeferredProjectionTest {
    private static final int OUT = 6;
    private static final int DIM = 9; // 8 inputs + the bias column
    private static final double LR = 0.1;
    private static final double DECAY = 0.5;

    @ParameterizedTest(name = "L {0}")
    @EnumSource(
            value = Form.class,
            names = {"IDENTITY", "KEPT", "COMPLEMENT"})
    void deferredHeadFollowsTheDenseProjectedUpdate(Form leftForm) {
        Random random = new Random(leftForm.ordinal());
        RangeBasis right = RangeBasis.above(covariance(random, DIM, 3), THRESHOLD);
        assertThat(right.form()).isEqualTo(Form.KEPT);
        RangeBasis left = switch (leftForm) {
            case IDENTITY -> RangeBasis.identity(OUT);
            case KEPT -> RangeBasis.above(covariance(random, OUT, 2), THRESHOLD);
            default -> RangeBasis.above(covariance(random, OUT, 5), THRESHOLD);
        };
        assertThat(left.form()).isEqualTo(leftForm);
        double[][] l = dense(left);
        double[][] r = dense(right);

        double[][] head = PairGradientTest.randomMatrix(random, OUT, DIM); // the dense reference W~
        INDArray stored = f(head);
        INDArray pending =
                Nd4j.create(DataType.FLOAT, new long[] {OUT, right.basis().columns()}, 'f');
        INDArray step = Nd4j.create(DataType.FLOAT, new long[] {OUT, DIM}, 'f');
        DeferredProjection deferred = new DeferredProjection(new Workspace());
        for (int iteration = 0; iteration < 3; iteration++) {
            double[][] adam = PairGradientTest.randomMatrix(random, OUT, DIM);
            double[][] delta = new double[OUT][DIM];
            double stepSquares = 0;
            for (int i = 0; i < OUT; i++) {
                for (int j = 0; j < DIM; j++) {
                    boolean decayed = j < DIM - 1;
                    delta[i][j] = -LR * (adam[i][j] + (decayed ? DECAY * head[i][j] : 0));
                    // what the fused AdamW pass writes: the step from the stored matrix, added to it
                    float fromStored = (float) (-LR * (adam[i][j] + (decayed ? DECAY * stored.getDouble(i, j) : 0)));
                    step.putScalar(i, j, fromStored);
                    stored.putScalar(i, j, stored.getFloat(i, j) + fromStored);
                    stepSquares += (double) fromStored * fromStored;
                }
            }
            double[][] removed = multiply(multiply(l, delta), r);
            double expectedBefore = 0;
            double expectedAfter = 0;
            for (int i = 0; i < OUT; i++) {
                for (int j = 0; j < DIM; j++) {
                    expectedBefore += delta[i][j] * delta[i][j];
                    head[i][j] += delta[i][j] - removed[i][j];
                    expectedAfter += (delta[i][j] - removed[i][j]) * (delta[i][j] - removed[i][j]);
                }
            }

            DeferredProjection.Norms norms =
                    deferred.completeStep(step, stepSquares, stored, pending, left, right, LR * DECAY);

            assertThat(norms.before()).isCloseTo(expectedBefore, offset(1e-5 * expectedBefore));
            assertThat(norms.after()).isCloseTo(expectedAfter, offset(1e-5 * expectedBefore));
            INDArray materialized = stored.dup('f');
            DeferredProjection.materialize(materialized, pending.dup('f'), right);
            for (int i = 0; i < OUT; i++) {
                for (int j = 0; j < DIM; j++) {
                    assertThat(materialized.getDouble(i, j))
                            .as("iteration %d [%d][%d]", iteration, i, j)
                            .isCloseTo(head[i][j], offset(1e-5));
                }
            }
        }
        assertThat(pending.norm2Number().doubleValue())
                .as("the write-back was deferred")
                .isGreaterThan(0);
    }

    private static INDArray f(double[][] m) {
        return Nd4j.create(m).castTo(DataType.FLOAT).dup('f');
    }
}
