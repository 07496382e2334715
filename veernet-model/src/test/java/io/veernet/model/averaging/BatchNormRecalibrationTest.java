package io.veernet.model.averaging;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.norm.BatchNorm;
import io.veernet.model.tensor.NamedParameters;
import io.veernet.model.optim.TestModels;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BatchNormRecalibrationTest {

    @Test
    void runningStatisticsBecomeTheCumulativeAverageOfBatchStatistics() throws Exception {
        Shape shape = new Shape(2, 3, 4, 4);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock block = new SequentialBlock().add(BatchNorm.builder().build());
            block.initialize(manager, DataType.FLOAT32, shape);
            Map<String, Parameter> params = NamedParameters.of(block);
            TestModels.set(params.get("01BatchNorm_runningMean"), 5f, 5f, 5f);
            TestModels.set(params.get("01BatchNorm_runningVar"), 9f, 9f, 9f);
            List<NDList> batches = new ArrayList<>();
            double[] mean = new double[3];
            double[] var = new double[3];
            for (int b = 0; b < 3; b++) {
                NDArray x = TestModels.input(manager, shape, b).mul(b + 1f).add(b - 1f);
                batches.add(new NDList(x));
                float[] v = x.toFloatArray();
                int per = 16;
                for (int c = 0; c < 3; c++) {
                    double s = 0;
                    double ss = 0;
                    int n = 0;
                    for (int i = 0; i < 2; i++) {
                        for (int k = 0; k < per; k++) {
                            double val = v[(i * 3 + c) * per + k];
                            s += val;
                            ss += val * val;
                            n++;
                        }
                    }
                    double m = s / n;
                    mean[c] += m / 3;
                    var[c] += (ss - n * m * m) / (n - 1) / 3;
                }
            }
            int seen = BatchNormRecalibration.recalibrate(block, batches);
            assertEquals(3, seen);
            float[] runningMean = params.get("01BatchNorm_runningMean").getArray().toFloatArray();
            float[] runningVar = params.get("01BatchNorm_runningVar").getArray().toFloatArray();
            for (int c = 0; c < 3; c++) {
                assertEquals(mean[c], runningMean[c], 1e-5, "mean of channel " + c);
                assertEquals(var[c], runningVar[c], 1e-5 * var[c], "variance of channel " + c);
            }
            Field momentum = BatchNorm.class.getDeclaredField("momentum");
            momentum.setAccessible(true);
            assertEquals(0.9f, momentum.getFloat(block.getChildren().get(0).getValue()), "momentum restored");
            batches.forEach(l -> assertEquals(manager, l.head().getManager(), "inputs stay with their manager"));
            assertThrows(IllegalArgumentException.class, () -> BatchNormRecalibration.recalibrate(block, List.of()));
        }
    }

    @Test
    void blocksWithoutBatchNormAreLeftAlone() {
        try (NDManager manager = NDManager.newBaseManager()) {
            assertEquals(0, BatchNormRecalibration.recalibrate(TestModels.mlp(manager), List.of()));
        }
    }
}
