package io.streambind.core.math;

import static io.streambind.core.math.ProjectionFixtures.THRESHOLD;
import static io.streambind.core.math.ProjectionFixtures.covariance;
import static io.streambind.core.math.ProjectionFixtures.dense;
import static io.streambind.core.math.ProjectionFixtures.multiply;
import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.math.RangeBasis.Form;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every cheap-product path of G - L G R against the dense formula in double. */
class NullSpaceProjectionTest {
    private static final int OUT = 20;
    private static final int IN = 25;
    private static final int ROWS = 7;

    static Stream<Arguments> forms() {
        return Stream.of(Form.values()).flatMap(l -> Stream.of(Form.values()).map(r -> Arguments.of(l, r)));
    }

    @ParameterizedTest(name = "L {0}, R {1}")
    @MethodSource("forms")
    void denseProjectionEqualsTheFormulaAndKillsTheProtectedBlock(Form leftForm, Form rightForm) {
        Random random = new Random(leftForm.ordinal() * 10 + rightForm.ordinal());
        Basis left = basis(random, OUT, leftForm);
        Basis right = basis(random, IN, rightForm);
        double[][] g = PairGradientTest.randomMatrix(random, OUT, IN);
        INDArray projected = Nd4j.create(g).castTo(DataType.FLOAT).dup('f');

        new NullSpaceProjection(new Workspace()).projectDense(projected, left.basis, right.basis);

        double[][] expected = minus(g, multiply(multiply(dense(left.basis), g), dense(right.basis)));
        assertClose(projected, expected);
        if (leftForm != Form.ZERO && rightForm != Form.ZERO) {
            double[][] block = multiply(multiply(transpose(left.kept), toDouble(projected)), right.kept);
            for (double[] row : block) {
                for (double v : row) {
                    assertThat(Math.abs(v)).isLessThan(1e-4);
                }
            }
        }
    }

    @ParameterizedTest(name = "L {0}, R {1}")
    @MethodSource("forms")
    void rawGradientProductEqualsTheDenseFormula(Form leftForm, Form rightForm) {
        Random random = new Random(100 + leftForm.ordinal() * 10 + rightForm.ordinal());
        Basis left = basis(random, OUT, leftForm);
        Basis right = basis(random, IN, rightForm);
        double[][] dY = PairGradientTest.randomMatrix(random, ROWS, OUT);
        double[][] x = PairGradientTest.randomMatrix(random, ROWS, IN);
        double[][] g = multiply(transpose(dY), x);
        INDArray projected = Nd4j.create(g).castTo(DataType.FLOAT).dup('f');

        new NullSpaceProjection(new Workspace())
                .projectRawGradient(
                        projected,
                        Nd4j.create(dY).castTo(DataType.FLOAT).dup('f'),
                        Nd4j.create(x).castTo(DataType.FLOAT).dup('f'),
                        left.basis,
                        right.basis,
                        1.0);

        assertClose(projected, minus(g, multiply(multiply(dense(left.basis), g), dense(right.basis))));
    }

    @ParameterizedTest(name = "L {0}, R {1}")
    @MethodSource("forms")
    void subtractingFromSeparateWeightsReturnsTheRemovedSquaredNorm(Form leftForm, Form rightForm) {
        Random random = new Random(200 + leftForm.ordinal() * 10 + rightForm.ordinal());
        Basis left = basis(random, OUT, leftForm);
        Basis right = basis(random, IN, rightForm);
        double[][] delta = PairGradientTest.randomMatrix(random, OUT, IN);
        double[][] w = PairGradientTest.randomMatrix(random, OUT, IN);
        INDArray target = Nd4j.create(w).castTo(DataType.FLOAT).dup('f');
        INDArray step = Nd4j.create(delta).castTo(DataType.FLOAT).dup('f');

        double removed =
                new NullSpaceProjection(new Workspace()).subtractProjected(step, target, left.basis, right.basis);

        double[][] ldr = multiply(multiply(dense(left.basis), delta), dense(right.basis));
        assertClose(target, minus(w, ldr));
        assertClose(step, delta);
        double expected = 0;
        for (double[] row : ldr) {
            for (double v : row) {
                expected += v * v;
            }
        }
        assertThat(removed).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4 * (1 + expected)));
    }

    @ParameterizedTest(name = "R {0}")
    @MethodSource("rightForms")
    void projectedRowsGiveTheOneSidedRawGradientInOneProduct(Form rightForm) {
        Random random = new Random(300 + rightForm.ordinal());
        Basis right = basis(random, IN, rightForm);
        double[][] dY = PairGradientTest.randomMatrix(random, ROWS, OUT);
        double[][] x = PairGradientTest.randomMatrix(random, ROWS, IN);
        INDArray rows = Nd4j.create(x).castTo(DataType.FLOAT).dup('f');

        new NullSpaceProjection(new Workspace()).projectRowsOntoNullSpace(rows, right.basis);
        INDArray g = Nd4j.create(DataType.FLOAT, new long[] {OUT, IN}, 'f');
        PairGradient.headGradient(Nd4j.create(dY).castTo(DataType.FLOAT).dup('f'), rows, g, 0.5);

        double[][] raw = multiply(transpose(dY), x);
        double[][] expected = minus(raw, multiply(raw, dense(right.basis)));
        for (double[] row : expected) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= 0.5;
            }
        }
        assertClose(g, expected);
    }

    static Stream<Form> rightForms() {
        return Stream.of(Form.values());
    }

    /** A basis of the given form and the kept eigenvectors it stands for (dim x k, double). */
    private record Basis(RangeBasis basis, double[][] kept) {}

    private static Basis basis(Random random, int dim, Form form) {
        return switch (form) {
            case ZERO -> new Basis(RangeBasis.zero(dim), new double[dim][0]);
            case IDENTITY -> new Basis(RangeBasis.identity(dim), identity(dim));
            case KEPT, COMPLEMENT -> {
                int k = form == Form.KEPT ? dim / 4 : 3 * dim / 4;
                SymmetricEigen eigen = covariance(random, dim, k);
                RangeBasis b = RangeBasis.above(eigen, THRESHOLD);
                assertThat(b.form()).isEqualTo(form);
                double[][] kept = new double[dim][k];
                for (int c = 0; c < k; c++) {
                    for (int i = 0; i < dim; i++) {
                        kept[i][c] = eigen.vectors()[(dim - k + c) * dim + i];
                    }
                }
                yield new Basis(b, kept);
            }
        };
    }

    private static void assertClose(INDArray actual, double[][] expected) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[0].length; j++) {
                assertThat(actual.getDouble(i, j))
                        .as("[%d][%d]", i, j)
                        .isCloseTo(
                                expected[i][j],
                                org.assertj.core.data.Offset.offset(2e-5 * (1 + Math.abs(expected[i][j]))));
            }
        }
    }

    private static double[][] identity(int dim) {
        double[][] m = new double[dim][dim];
        for (int i = 0; i < dim; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] transpose(double[][] m) {
        double[][] t = new double[m.length == 0 ? 0 : m[0].length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m[0].length; j++) {
                t[j][i] = m[i][j];
            }
        }
        return t;
    }

    private static double[][] minus(double[][] a, double[][] b) {
        double[][] c = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                c[i][j] = a[i][j] - b[i][j];
            }
        }
        return c;
    }

    private static double[][] toDouble(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }
}
