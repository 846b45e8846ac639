package io.streambind.core.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.streambind.core.config.DnsConfig;
import io.streambind.core.math.RangeBasis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Z, Z' and the counts after two steps, against a plain double computation for both profiles. */
class StepEndTest {
    private static final int DA = 6;
    private static final int DB = 5;
    private static final int DC = 4;

    @Test
    void exactProfileKeepsPerModalityMeansOfAugmentedInputs() {
        check("exact");
    }

    @Test
    void paperProfileKeepsOneGlobalCountOverRawInputs() {
        check("paper");
    }

    private void check(String profile) {
        boolean exact = profile.equals("exact");
        ContinualModel model = new ContinualModel(
                DnsConfig.parse(Map.of(DnsConfig.PROFILE, profile, DnsConfig.LEARNING_RATE, "1e-2")));
        Random random = new Random(21);
        List<float[]> a1 = new ArrayList<>();
        List<float[]> b1 = new ArrayList<>();
        for (int i = 0; i < 3; i++) { // step 1: (a, b), 3 x 8 samples
            a1.add(SyntheticPairs.gaussian(random, 8 * DA, 1));
            b1.add(SyntheticPairs.gaussian(random, 8 * DB, 1));
            model.train("a", a1.get(i), DA, "b", b1.get(i), DB, 8);
        }
        model.endStep();
        double[][] sa1 = sum(a1, DA, exact);
        double[][] sb1 = sum(b1, DB, exact);
        double[][] headA1 = head(model, "a", exact);
        double[][] headB1 = head(model, "b", exact);
        assertClose(model.inputCovariance("a"), scale(sa1, 1.0 / 24));
        assertClose(model.outputCovariance("b"), scale(sandwich(headA1, sa1), 1.0 / 24));
        assertClose(model.outputCovariance("a"), scale(sandwich(headB1, sb1), 1.0 / 24));

        List<float[]> a2 = new ArrayList<>();
        List<float[]> c2 = new ArrayList<>();
        for (int i = 0; i < 2; i++) { // step 2: (a, c), 2 x 6 samples
            a2.add(SyntheticPairs.gaussian(random, 6 * DA, 1));
            c2.add(SyntheticPairs.gaussian(random, 6 * DC, 1));
            model.train("c", c2.get(i), DC, "a", a2.get(i), DA, 6);
        }
        model.endStep();
        double[][] sa2 = sum(a2, DA, exact);
        double[][] sc2 = sum(c2, DC, exact);
        double[][] headA2 = head(model, "a", exact);
        double[][] headC2 = head(model, "c", exact);
        // a: 24 old + 12 new samples either way
        assertClose(model.inputCovariance("a"), scale(plus(sa1, sa2), 1.0 / 36));
        assertClose(model.outputCovariance("a"), scale(plus(sandwich(headB1, sb1), sandwich(headC2, sc2)), 1.0 / 36));
        // c is new: its own count is 12 (exact), the global count is 36 (paper)
        double cCount = exact ? 12 : 36;
        assertClose(model.inputCovariance("c"), scale(sc2, 1 / cCount));
        assertClose(model.outputCovariance("c"), scale(sandwich(headA2, sa2), 1 / cCount));
        // b did not train in step 2: untouched
        assertClose(model.inputCovariance("b"), scale(sb1, 1.0 / 24));

        if (!exact) {
            assertThat(model.leftBasis("a").form()).isEqualTo(RangeBasis.Form.IDENTITY);
            assertThat(model.rightBasis("a").dim()).isEqualTo(DA);
        } else {
            assertThat(model.rightBasis("a").dim()).isEqualTo(DA + 1);
        }
    }

    /** Sum of x x^T over the rows (augmented with 1 in profile exact), [row][col]. */
    private static double[][] sum(List<float[]> batches, int d, boolean augmented) {
        int dim = augmented ? d + 1 : d;
        double[][] s = new double[dim][dim];
        for (float[] x : batches) {
            for (int i = 0; i < x.length / d; i++) {
                double[] row = new double[dim];
                for (int j = 0; j < d; j++) {
                    row[j] = x[i * d + j];
                }
                if (augmented) {
                    row[d] = 1;
                }
                for (int p = 0; p < dim; p++) {
                    for (int q = 0; q < dim; q++) {
                        s[p][q] += row[p] * row[q];
                    }
                }
            }
        }
        return s;
    }

    /** W~ (exact) or W (paper) of a modality, [row][col], from the public accessors. */
    private static double[][] head(ContinualModel model, String m, boolean augmented) {
        float[] w = model.weights(m);
        float[] b = model.bias(m);
        int d = model.inputWidth(m);
        int out = model.outputWidth();
        double[][] h = new double[out][augmented ? d + 1 : d];
        for (int r = 0; r < out; r++) {
            for (int c = 0; c < d; c++) {
                h[r][c] = w[r * d + c];
            }
            if (augmented) {
                h[r][d] = b[r];
            }
        }
        return h;
    }

    private static double[][] sandwich(double[][] w, double[][] s) {
        int out = w.length;
        double[][] r = new double[out][out];
        for (int i = 0; i < out; i++) {
            for (int j = 0; j < out; j++) {
                for (int p = 0; p < s.length; p++) {
                    for (int q = 0; q < s.length; q++) {
                        r[i][j] += w[i][p] * s[p][q] * w[j][q];
                    }
                }
            }
        }
        return r;
    }

    private static double[][] scale(double[][] m, double f) {
        double[][] r = new double[m.length][m.length];
        for (int i = 0; i < m.length; i++) {
            for (int j = 0; j < m.length; j++) {
                r[i][j] = m[i][j] * f;
            }
        }
        return r;
    }

    private static double[][] plus(double[][] a, double[][] b) {
        double[][] r = new double[a.length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                r[i][j] = a[i][j] + b[i][j];
            }
        }
        return r;
    }

    private static void assertClose(double[] columnMajor, double[][] expected) {
        int dim = expected.length;
        assertThat(columnMajor).hasSize(dim * dim);
        for (int i = 0; i < dim; i++) {
            for (int j = 0; j < dim; j++) {
                assertThat(columnMajor[j * dim + i])
                        .as("[%d][%d]", i, j)
                        .isCloseTo(
                                expected[i][j],
                                org.assertj.core.data.Offset.offset(1e-5 * (1 + Math.abs(expected[i][j]))));
            }
        }
    }
}
