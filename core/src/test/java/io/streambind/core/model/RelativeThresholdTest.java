package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.RangeBasis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The input side's relative threshold (dns.lambda.min.relative) after a step, against Z and its
 * eigendecomposition computed here in double from the training inputs (cyclic Jacobi, independent of
 * the LAPACK path the model takes).
 */
class RelativeThresholdTest {
    private static final int DA = 8;
    private static final int DB = 5;
    private static final int DIM = DA + 1; // profile exact: augmented inputs
    private static final int BATCHES = 4;
    private static final int ROWS = 32;

    @Test
    void keepsExactlyTheEigenDirectionsAboveTheShareOfTheLargest() {
        Data data = data();
        Eigen z = jacobi(secondMoment(data.a));
        double[] sigma = z.descendingValues();
        int checked = 0;
        for (int k = 1; k < DIM; k++) {
            // a share between two eigenvalues far enough apart that float32 inputs cannot move one across it
            if (sigma[k - 1] / sigma[k] < 1.3) {
                continue;
            }
            double relative = Math.sqrt(sigma[k - 1] * sigma[k]) / sigma[0];
            ContinualModel model = trained(
                    data, Map.of(DnsConfig.LAMBDA_MIN, "0", DnsConfig.LAMBDA_MIN_RELATIVE, Double.toString(relative)));
            assertThat(model.ranks("a").right())
                    .as("rank at relative %s", relative)
                    .isEqualTo(k);
            assertProjector(model.rightBasis("a"), z.projectorOfLargest(k));
            checked++;
        }
        assertThat(checked).as("eigenvalue gaps the data offers").isGreaterThanOrEqualTo(3);
    }

    @Test
    void theThresholdIsTheLargerOfTheAbsoluteAndTheRelativeOne() {
        Data data = data();
        double[] sigma = jacobi(secondMoment(data.a)).descendingValues();
        int k = gapAfter(sigma, 1);
        int larger = gapAfter(sigma, k + 1);
        double relativeCut = Math.sqrt(sigma[k - 1] * sigma[k]);
        double absoluteCut = Math.sqrt(sigma[larger - 1] * sigma[larger]);
        // the relative share cuts higher than lambda_min: it decides
        ContinualModel relativeDecides = trained(
                data,
                Map.of(
                        DnsConfig.LAMBDA_MIN,
                        Double.toString(absoluteCut),
                        DnsConfig.LAMBDA_MIN_RELATIVE,
                        Double.toString(relativeCut / sigma[0])));
        assertThat(relativeDecides.ranks("a").right()).isEqualTo(k);
        // lambda_min cuts higher than the relative share: it decides
        ContinualModel absoluteDecides = trained(
                data,
                Map.of(
                        DnsConfig.LAMBDA_MIN,
                        Double.toString(relativeCut),
                        DnsConfig.LAMBDA_MIN_RELATIVE,
                        Double.toString(absoluteCut / sigma[0])));
        assertThat(absoluteDecides.ranks("a").right()).isEqualTo(k);
        assertThat(DnsConfig.parse(Map.of(DnsConfig.LAMBDA_MIN, "0.01", DnsConfig.LAMBDA_MIN_RELATIVE, "0.1"))
                        .rightThreshold(2.0))
                .isEqualTo(0.2);
        assertThat(DnsConfig.defaults().rightThreshold(2.0)).isEqualTo(0.01);
    }

    @Test
    void offByDefaultWithTheBytesOfAStateThatPredatesTheKey() {
        Data data = data();
        ContinualModel byDefault = trained(data, Map.of());
        ContinualModel explicitZero = trained(data, Map.of(DnsConfig.LAMBDA_MIN_RELATIVE, "0"));
        assertThat(byDefault.config().lambdaMinRelative()).isZero();
        assertThat(byDefault.config().toMap()).doesNotContainKey(DnsConfig.LAMBDA_MIN_RELATIVE);
        assertThat(explicitZero.toBytes()).isEqualTo(byDefault.toBytes());
        assertThat(explicitZero.provenance()).isEqualTo(byDefault.provenance());
    }

    @Test
    void aSetShareIsRecordedAndSurvivesARestore() {
        Data data = data();
        ContinualModel model = trained(data, Map.of(DnsConfig.LAMBDA_MIN, "0", DnsConfig.LAMBDA_MIN_RELATIVE, "0.05"));
        assertThat(model.config().toMap()).containsEntry(DnsConfig.LAMBDA_MIN_RELATIVE, "0.05");
        assertThat(model.provenance().config()).containsEntry(DnsConfig.LAMBDA_MIN_RELATIVE, "0.05");
        ContinualModel restored = ContinualModel.fromBytes(model.toBytes());
        assertThat(restored.config()).isEqualTo(model.config());
        assertThat(restored.ranks("a")).isEqualTo(model.ranks("a"));
        assertThat(restored.toBytes()).isEqualTo(model.toBytes());
    }

    /** Inputs of a with per-axis scales 2^-j, so Z's eigenvalues spread over four decades. */
    private static Data data() {
        Random random = new Random(17);
        List<float[]> a = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (int i = 0; i < BATCHES; i++) {
            float[] x = SyntheticPairs.gaussian(random, ROWS * DA, 1);
            for (int r = 0; r < ROWS; r++) {
                for (int j = 0; j < DA; j++) {
                    x[r * DA + j] *= (float) Math.pow(2, -j);
                }
            }
            a.add(x);
            b.add(SyntheticPairs.gaussian(random, ROWS * DB, 1));
        }
        return new Data(a, b);
    }

    private record Data(List<float[]> a, List<float[]> b) {}

    private static ContinualModel trained(Data data, Map<String, String> settings) {
        Map<String, String> config = new java.util.HashMap<>(settings);
        config.put(DnsConfig.LEARNING_RATE, "1e-2");
        ContinualModel model = new ContinualModel(DnsConfig.parse(config));
        for (int i = 0; i < BATCHES; i++) {
            model.train("a", data.a.get(i), DA, "b", data.b.get(i), DB, ROWS);
        }
        model.endStep();
        return model;
    }

    /** The first index at or after {@code from} where the descending spectrum drops by 1.3x or more. */
    private static int gapAfter(double[] sigma, int from) {
        for (int k = from; k < sigma.length; k++) {
            if (sigma[k - 1] / sigma[k] >= 1.3) {
                return k;
            }
        }
        throw new AssertionError("no eigenvalue gap after " + from + " in " + Arrays.toString(sigma));
    }

    /** Z = mean of x~ x~^T over the rows, x~ = (x, 1). */
    private static double[][] secondMoment(List<float[]> batches) {
        double[][] z = new double[DIM][DIM];
        int rows = 0;
        for (float[] x : batches) {
            for (int r = 0; r < x.length / DA; r++) {
                double[] row = new double[DIM];
                for (int j = 0; j < DA; j++) {
                    row[j] = x[r * DA + j];
                }
                row[DA] = 1;
                for (int p = 0; p < DIM; p++) {
                    for (int q = 0; q < DIM; q++) {
                        z[p][q] += row[p] * row[q];
                    }
                }
                rows++;
            }
        }
        for (double[] line : z) {
            for (int q = 0; q < DIM; q++) {
                line[q] /= rows;
            }
        }
        return z;
    }

    /** Eigenvalues and eigenvectors (columns of {@code vectors}) of a symmetric matrix. */
    private record Eigen(double[] values, double[][] vectors) {
        double[] descendingValues() {
            return Arrays.stream(order()).mapToDouble(i -> values[i]).toArray();
        }

        /** U_k U_k^T over the k largest eigenvalues. */
        double[][] projectorOfLargest(int k) {
            int[] order = order();
            int n = values.length;
            double[][] p = new double[n][n];
            for (int e = 0; e < k; e++) {
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        p[i][j] += vectors[i][order[e]] * vectors[j][order[e]];
                    }
                }
            }
            return p;
        }

        private int[] order() {
            return java.util.stream.IntStream.range(0, values.length)
                    .boxed()
                    .sorted((x, y) -> Double.compare(values[y], values[x]))
                    .mapToInt(Integer::intValue)
                    .toArray();
        }
    }

    /** Cyclic Jacobi rotations until the off-diagonal part vanishes. */
    private static Eigen jacobi(double[][] matrix) {
        int n = matrix.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = matrix[i].clone();
        }
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        for (int sweep = 0; sweep < 100; sweep++) {
            double off = 0;
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    off += a[p][q] * a[p][q];
                }
            }
            if (off < 1e-30) {
                break;
            }
            for (int p = 0; p < n; p++) {
                for (int q = p + 1; q < n; q++) {
                    if (a[p][q] == 0) {
                        continue;
                    }
                    double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
                    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
                    if (theta == 0) {
                        t = 1;
                    }
                    double c = 1 / Math.sqrt(t * t + 1);
                    double s = t * c;
                    for (int k = 0; k < n; k++) { // A <- A J
                        double akp = a[k][p];
                        double akq = a[k][q];
                        a[k][p] = c * akp - s * akq;
                        a[k][q] = s * akp + c * akq;
                    }
                    for (int k = 0; k < n; k++) { // A <- J^T A
                        double apk = a[p][k];
                        double aqk = a[q][k];
                        a[p][k] = c * apk - s * aqk;
                        a[q][k] = s * apk + c * aqk;
                    }
                    for (int k = 0; k < n; k++) { // V <- V J
                        double vkp = v[k][p];
                        double vkq = v[k][q];
                        v[k][p] = c * vkp - s * vkq;
                        v[k][q] = s * vkp + c * vkq;
                    }
                }
            }
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = a[i][i];
        }
        return new Eigen(values, v);
    }

    /** The model's range projector, made dense from its stored basis, against the expected one. */
    private static void assertProjector(RangeBasis basis, double[][] expected) {
        int n = basis.dim();
        float[] data = basis.basisData();
        int columns = data.length / n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double product = 0;
                for (int c = 0; c < columns; c++) {
                    product += (double) data[c * n + i] * data[c * n + j];
                }
                double p = switch (basis.form()) {
                    case ZERO -> 0;
                    case IDENTITY -> i == j ? 1 : 0;
                    case KEPT -> product;
                    case COMPLEMENT -> (i == j ? 1 : 0) - product;
                };
                assertThat(p).as("P[%d][%d] (%s basis)", i, j, basis.form()).isCloseTo(expected[i][j], offset(1e-5));
            }
        }
    }
}
