package io.veernet.model;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.tracker.Tracker;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** VeerNet learns: it overfits one synthetic log, trained through DJL's own Trainer and Adam. */
class OverfitTest {

    private static final int MAX_STEPS = 300;

    /** Trains on past the required 90% drop, to where the thin curves themselves are segmented. */
    private static final float TARGET_LOSS = 0.01f;

    @Test
    void lossFallsByNinetyPercentOnOneLog() {
        SyntheticLog log = SyntheticLog.draw(64, 256);
        Engine.getInstance().setRandomSeed(42);
        try (Model model = Model.newInstance("veernet")) {
            model.setBlock(new VeerNet(TestNets.small("group", false)));
            DefaultTrainingConfig config = new DefaultTrainingConfig(new SoftmaxCrossEntropyLoss("ce", 1f, 1, true, true))
                    .optOptimizer(Adam.builder().optLearningRateTracker(Tracker.fixed(3e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(1, 1, 64, 256));
                NDManager manager = trainer.getManager();
                NDArray x = ModelInputs.inkDensity(manager, log.image());
                NDArray labels = ModelInputs.labels(manager, log.mask());

                float first = Float.NaN;
                float last = Float.NaN;
                int steps = 0;
                int stepsToNinetyPercent = -1;
                while (steps < MAX_STEPS && !(last <= TARGET_LOSS)) {
                    try (NDManager step = manager.newSubManager()) {
                        x.tempAttach(step);
                        labels.tempAttach(step);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDList logits = trainer.forward(new NDList(x));
                            NDArray loss = trainer.getLoss().evaluate(new NDList(labels), logits);
                            collector.backward(loss);
                            last = loss.getFloat();
                        }
                        trainer.step();
                    }
                    if (steps++ == 0) {
                        first = last;
                    }
                    if (stepsToNinetyPercent < 0 && last <= 0.1f * first) {
                        stepsToNinetyPercent = steps;
                    }
                }
                System.out.printf("loss %.4f -> %.4f in %d steps (-90%% after %d)%n", first, last, steps,
                        stepsToNinetyPercent);
                assertTrue(stepsToNinetyPercent > 0,
                        "loss fell from " + first + " to " + last + " in " + steps + " steps (need -90%)");

                // A falling loss can still mean "all background"; overfitting means the curves are found.
                NDArray predicted = trainer.evaluate(new NDList(x)).singletonOrThrow().argMax(1);
                byte[] truth = log.mask().labels();
                long[] classes = predicted.toLongArray();
                for (int curve = 1; curve <= 2; curve++) {
                    int total = 0;
                    int found = 0;
                    for (int i = 0; i < truth.length; i++) {
                        if (truth[i] == curve) {
                            total++;
                            found += classes[i] == curve ? 1 : 0;
                        }
                    }
                    System.out.printf("curve %d recall %.3f of %d pixels%n", curve, found / (double) total, total);
                    assertTrue(found >= 0.8 * total, "curve " + curve + ": " + found + " of " + total + " pixels found");
                }
            }
        }
    }
}
