package io.streambind.core.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eigensolver and the threshold rules against independent checks. */
class RangeBasisTest {

    @Test
    void eigenpairsReconstructTheMatrixAndAreOrthonormal() {
        int dim = 30;
        double[] c = ProjectionFixtures.randomSymmetric(new Random(3), dim);
        SymmetricEigen eigen = SymmetricEigen.of(c.clone(), dim);
        double[] u = eigen.vectors();
        for (int e = 0; e < dim; e++) {
            if (e > 0) {
                assertThat(eigen.values()[e]).isGreaterThanOrEqualTo(eigen.values()[e - 1]);
            }
            for (int i = 0; i < dim; i++) { // (C u_e)_i = sigma_e u_e,i
                double cu = 0;
                for (int j = 0; j < dim; j++) {
                    cu += c[j * dim + i] * u[e * dim + j];
                }
                assertThat(cu).isCloseTo(eigen.values()[e] * u[e * dim + i], offset(1e-10));
            }
            for (int f = 0; f < dim; f++) {
                double dot = 0;
                for (int i = 0; i < dim; i++) {
                    dot += u[e * dim + i] * u[f * dim + i];
                }
                assertThat(dot).isCloseTo(e == f ? 1 : 0, offset(1e-12));
            }
        }
    }

    @Test
    void aRangeOfEigenvectorsMatchesTheSameColumnsOfTheFullSet() {
        int dim = 40;
        double[] c = ProjectionFixtures.randomSymmetric(new Random(8), dim);
        SymmetricEigen eigen = SymmetricEigen.of(c, dim);
        double[] all = eigen.vectors();
        int from = 31;
        double[] some = eigen.vectors(from, dim);
        assertThat(some).hasSize((dim - from) * dim);
        for (int e = 0; e < dim - from; e++) {
            double dot = 0;
            for (int i = 0; i < dim; i++) {
                dot += some[e * dim + i] * all[(from + e) * dim + i];
            }
            assertThat(Math.abs(dot))
                    .as("column %d (eigenvectors agree up to sign)", e)
                    .isCloseTo(1, offset(1e-10));
        }
        assertThat(eigen.vectors(5, 5)).isEmpty();
    }

    @Test
    void keepsEigenvaluesStrictlyAboveTheThresholdAndStoresTheSmallerBasis() {
        Random random = new Random(5);
        int dim = 16;
        RangeBasis low = RangeBasis.above(ProjectionFixtures.covariance(random, dim, 3), 0.01);
        assertThat(low.form()).isEqualTo(RangeBasis.Form.KEPT);
        assertThat(low.rank()).isEqualTo(3);
        assertThat(low.basis().columns()).isEqualTo(3);

        RangeBasis high = RangeBasis.above(ProjectionFixtures.covariance(random, dim, 12), 0.01);
        assertThat(high.form()).isEqualTo(RangeBasis.Form.COMPLEMENT);
        assertThat(high.rank()).isEqualTo(12);
        assertThat(high.basis().columns()).isEqualTo(4);

        assertThat(RangeBasis.above(ProjectionFixtures.covariance(random, dim, 16), 0.01)
                        .form())
                .isEqualTo(RangeBasis.Form.IDENTITY);
        assertThat(RangeBasis.above(ProjectionFixtures.covariance(random, dim, 0), 0.01)
                        .form())
                .isEqualTo(RangeBasis.Form.ZERO);
    }

    @Test
    void anEigenvalueEqualToTheThresholdIsNotKept() {
        double[] diagonal = new double[9];
        diagonal[0] = 0.5;
        diagonal[4] = 0.25;
        diagonal[8] = 1;
        RangeBasis b = RangeBasis.above(SymmetricEigen.of(diagonal, 3), 0.5);
        assertThat(b.rank()).isEqualTo(1);
        assertThat(Math.abs(b.basisData()[2])).isEqualTo(1f);
    }

    @Test
    void storedPartsRebuildTheSameBasis() {
        RangeBasis b = RangeBasis.above(ProjectionFixtures.covariance(new Random(9), 10, 7), 0.01);
        RangeBasis copy = RangeBasis.of(b.form(), b.dim(), b.rank(), b.basisData());
        assertThat(copy.basisData()).containsExactly(b.basisData());
        assertThat(copy.rank()).isEqualTo(7);
    }
}
