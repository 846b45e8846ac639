package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.NullSpaceProjection;
import io.streambind.core.math.PairGradient;
import io.streambind.core.math.RangeBasis;
import io.streambind.core.math.Workspace;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Profile paper with rho = 0: L = I exactly, and the update of a raw gradient is G (I - R). */
class PaperProfileTest {

    @Test
    void leftSideIsTheFullIdentityAndTheUpdateIsOneSided() {
        ContinualModel model = new ContinualModel(DnsConfig.parse(Map.of(DnsConfig.PROFILE, "paper")));
        SyntheticPairs data = new SyntheticPairs(3, 0.01, 1);
        double[] a = data.mixing(10);
        double[] b = data.mixing(10);
        for (int i = 0; i < 5; i++) {
            double[] z = data.latents(16);
            model.train("a", data.observe(a, z, 10), 10, "b", data.observe(b, z, 10), 10, 16);
        }
        model.endStep();
        RangeBasis left = model.leftBasis("a");
        RangeBasis right = model.rightBasis("a");
        assertThat(left.form()).isEqualTo(RangeBasis.Form.IDENTITY);
        assertThat(left.rank()).isEqualTo(model.outputWidth());
        assertThat(right.rank()).isEqualTo(3); // the latent rank; noise is below lambda_min

        Random random = new Random(2);
        INDArray dY = Nd4j.randn(random.nextLong(), new long[] {16, 10})
                .castTo(DataType.FLOAT)
                .dup('f');
        INDArray x = Nd4j.randn(random.nextLong(), new long[] {16, 10})
                .castTo(DataType.FLOAT)
                .dup('f');
        INDArray g = Nd4j.create(DataType.FLOAT, new long[] {10, 10}, 'f');
        Nd4j.gemm(dY, x, g, true, false, 1.0, 0.0);
        INDArray expected = g.castTo(DataType.DOUBLE)
                .mmul(Nd4j.eye(10).castTo(DataType.DOUBLE).sub(dense(right)));
        // with L = I the model projects the input rows and forms the gradient in one product
        new NullSpaceProjection(new Workspace()).projectRowsOntoNullSpace(x, right);
        PairGradient.headGradient(dY, x, g, 1.0);
        assertThat(g.castTo(DataType.DOUBLE).sub(expected).amaxNumber().doubleValue())
                .isLessThan(1e-4);
    }

    private static INDArray dense(RangeBasis p) {
        INDArray u = p.basis().castTo(DataType.DOUBLE);
        INDArray uut = u.mmul(u.transpose());
        return p.form() == RangeBasis.Form.KEPT
                ? uut
                : Nd4j.eye(p.dim()).castTo(DataType.DOUBLE).sub(uut);
    }
}
