package io.veernet.train.loss;

import io.veernet.config.LossConfig;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each loss term against a plain-Java reference on small random inputs. */
class SegmentationLossTest {

    static final int C = 3;
    static final int H = 5;
    static final int W = 7;
    NDManager manager;
    float[] logits;
    long[] labels;
    float[] valid;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        Random r = new Random(3);
        logits = new float[C * H * W];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = (float) (r.nextGaussian() * 2);
        }
        labels = new long[H * W];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(10) < 6 ? 0 : 1 + r.nextInt(2);
        }
        valid = new float[H * W];
        for (int i = 0; i < valid.length; i++) {
            valid[i] = i % W < W - 2 ? 1 : 0;
        }
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private double loss(LossConfig cfg, boolean useValid) {
        NDArray x = manager.create(logits, new Shape(1, C, H, W));
        NDArray y = manager.create(labels, new Shape(1, 1, H, W));
        NDArray v = useValid ? manager.create(valid, new Shape(1, 1, H, W)) : null;
        return new SegmentationLoss(cfg).compute(x, y, v).getFloat();
    }

    private static LossConfig only(String term, List<Double> classWeights) {
        return new LossConfig(term.equals("ce") ? 1 : 0, classWeights, term.equals("dice") ? 1 : 0,
                term.equals("tversky") ? 1 : 0, 0.3, 0.7, term.equals("focal") ? 1 : 0, 2, term.equals("lovasz") ? 1 : 0);
    }

    private double[][] softmax() {
        double[][] p = new double[C][H * W];
        for (int i = 0; i < H * W; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < C; k++) {
                max = Math.max(max, logits[k * H * W + i]);
            }
            double sum = 0;
            for (int k = 0; k < C; k++) {
                p[k][i] = Math.exp(logits[k * H * W + i] - max);
                sum += p[k][i];
            }
            for (int k = 0; k < C; k++) {
                p[k][i] /= sum;
            }
        }
        return p;
    }

    private double refCrossEntropy(double[] cw, double gamma, boolean useValid) {
        double[][] p = softmax();
        double num = 0;
        double den = 0;
        for (int i = 0; i < H * W; i++) {
            double m = useValid ? valid[i] : 1;
            int y = (int) labels[i];
            double py = p[y][i];
            num += m * cw[y] * Math.pow(1 - py, gamma) * -Math.log(py);
            den += m * cw[y];
        }
        return num / den;
    }

    private double refTversky(double alpha, double beta, boolean useValid) {
        double[][] p = softmax();
        double sum = 0;
        for (int k = 1; k < C; k++) {
            double tp = 0;
            double fp = 0;
            double fn = 0;
            for (int i = 0; i < H * W; i++) {
                double m = useValid ? valid[i] : 1;
                double g = labels[i] == k ? 1 : 0;
                tp += m * p[k][i] * g;
                fp += m * p[k][i] * (1 - g);
                fn += m * (1 - p[k][i]) * g;
            }
            sum += (tp + 1e-6) / (tp + alpha * fp + beta * fn + 1e-6);
        }
        return 1 - sum / (C - 1);
    }

    private double refLovasz(boolean useValid) {
        double[][] p = softmax();
        double total = 0;
        int present = 0;
        for (int k = 0; k < C; k++) {
            int n = 0;
            for (int i = 0; i < H * W; i++) {
                if (!useValid || valid[i] > 0) {
                    n++;
                }
            }
            double[][] eg = new double[n][];
            int j = 0;
            double gts = 0;
            for (int i = 0; i < H * W; i++) {
                if (useValid && valid[i] == 0) {
                    continue;
                }
                double g = labels[i] == k ? 1 : 0;
                gts += g;
                eg[j++] = new double[] {Math.abs(g - p[k][i]), g};
            }
            if (gts == 0) {
                continue;
            }
            Arrays.sort(eg, (a, b) -> Double.compare(b[0], a[0]));
            double cumG = 0;
            double cumNotG = 0;
            double prev = 0;
            double loss = 0;
            for (int i = 0; i < n; i++) {
                cumG += eg[i][1];
                cumNotG += 1 - eg[i][1];
                double jac = 1 - (gts - cumG) / (gts + cumNotG);
                loss += eg[i][0] * (jac - prev);
                prev = jac;
            }
            total += loss;
            present++;
        }
        return total / present;
    }

    @Test
    void weightedCrossEntropyMatchesReference() {
        List<Double> cw = List.of(0.5, 2.0, 3.0);
        double[] w = {0.5, 2, 3};
        assertEquals(refCrossEntropy(w, 0, false), loss(only("ce", cw), false), 1e-5);
        assertEquals(refCrossEntropy(w, 0, true), loss(only("ce", cw), true), 1e-5);
    }

    @Test
    void focalMatchesReference() {
        double[] w = {1, 1, 1};
        assertEquals(refCrossEntropy(w, 2, true), loss(only("focal", List.of(1.0, 1.0, 1.0)), true), 1e-5);
    }

    @Test
    void tverskyAndDiceMatchReference() {
        assertEquals(refTversky(0.3, 0.7, false), loss(only("tversky", List.of(1.0, 1.0, 1.0)), false), 1e-5);
        assertEquals(refTversky(0.3, 0.7, true), loss(only("tversky", List.of(1.0, 1.0, 1.0)), true), 1e-5);
        assertEquals(refTversky(0.5, 0.5, true), loss(only("dice", List.of(1.0, 1.0, 1.0)), true), 1e-5);
    }

    @Test
    void lovaszSoftmaxMatchesReference() {
        assertEquals(refLovasz(false), loss(only("lovasz", List.of(1.0, 1.0, 1.0)), false), 1e-5);
        assertEquals(refLovasz(true), loss(only("lovasz", List.of(1.0, 1.0, 1.0)), true), 1e-5);
    }

    @Test
    void termsAddWithTheirWeights() {
        LossConfig both = new LossConfig(0.5, List.of(1.0, 2.0, 2.0), 0, 2, 0.3, 0.7, 0, 2, 0);
        double expected = 0.5 * refCrossEntropy(new double[] {1, 2, 2}, 0, true) + 2 * refTversky(0.3, 0.7, true);
        assertEquals(expected, loss(both, true), 1e-5);
    }

    @Test
    void paddedPixelsNeverCount() {
        double before = loss(LossConfig.defaults(), true);
        // Change logits and labels only where the mask is 0: the loss must not move.
        for (int i = 0; i < H * W; i++) {
            if (valid[i] == 0) {
                labels[i] = 2;
                for (int k = 0; k < C; k++) {
                    logits[k * H * W + i] = 50 * (k - 1);
                }
            }
        }
        assertEquals(before, loss(LossConfig.defaults(), true), 1e-6);
    }

    @Test
    void aPerfectPredictionHasNearZeroLoss() {
        for (int i = 0; i < H * W; i++) {
            for (int k = 0; k < C; k++) {
                logits[k * H * W + i] = labels[i] == k ? 30 : -30;
            }
        }
        assertTrue(loss(new LossConfig(1, List.of(1.0, 1.0, 1.0), 1, 1, 0.3, 0.7, 1, 2, 1), false) < 1e-4);
    }

    @Test
    void configRefusesNothingToTrainOn() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LossConfig(0, List.of(1.0, 1.0, 1.0), 0, 0, 0.3, 0.7, 0, 2, 0));
        assertTrue(e.getMessage().contains("nothing to train on"));
    }

    @Test
    void gradientsFlowToTheLogits() {
        NDArray x = manager.create(logits, new Shape(1, C, H, W));
        x.setRequiresGradient(true);
        NDArray y = manager.create(labels, new Shape(1, 1, H, W));
        try (var gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray l = new SegmentationLoss(new LossConfig(1, List.of(1.0, 2.0, 2.0), 1, 1, 0.3, 0.7, 1, 2, 1)).compute(x, y, null);
            gc.backward(l);
        }
        NDArray g = x.getGradient();
        assertEquals(DataType.FLOAT32, g.getDataType());
        assertTrue(g.abs().sum().getFloat() > 0);
        assertTrue(!g.isNaN().any().getBoolean());
    }
}
