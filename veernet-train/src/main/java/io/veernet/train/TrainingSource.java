package io.veernet.train;

import io.veernet.config.TrainConfig;
import io.veernet.config.VeernetConfig;
import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Sample;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.LabelMask;
import io.veernet.data.synth.LogSynthesizer;
import io.veernet.data.synth.Photometric;
import io.veernet.data.synth.SampleSeeds;
import io.veernet.data.synth.SyntheticLog;
import io.veernet.model.InkInput;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Where the training images of an epoch come from: the dataset's train split as it is on disk, or
 * (with {@code train.fresh_data}) a freshly generated log per position, new every epoch; then, with
 * {@code train.augment}, an online photometric change. Both draw from seeds that depend only on
 * (data seed, epoch, index), so a resumed run sees exactly the images an uninterrupted one saw.
 */
public final class TrainingSource {

    private final TrainConfig.Augment augment;
    private final InkInput input;
    private final boolean fresh;
    private final long seed;
    private final Map<SampleRef, Integer> index = new HashMap<>();
    private final ThreadLocal<LogSynthesizer> synth;

    public TrainingSource(VeernetConfig config, List<SampleRef> train) {
        this.augment = config.train().augment();
        this.input = config.model().input();
        this.fresh = config.train().freshData();
        this.seed = config.data().seed();
        for (int i = 0; i < train.size(); i++) {
            index.put(train.get(i), i);
        }
        this.synth = ThreadLocal.withInitial(() -> new LogSynthesizer(config.synth()));
    }

    /** The example at this epoch for the train-split position {@code ref} stands for. */
    public TrainingExample load(SampleRef ref, int epoch) {
        int i = index.getOrDefault(ref, 0);
        GrayImage image;
        LabelMask mask;
        if (fresh) {
            // Split names that no dataset uses, so fresh logs never repeat a stored one.
            SyntheticLog log = synth.get().generate(SampleSeeds.of(seed, "fresh-" + epoch, i));
            image = log.image();
            mask = log.mask();
        } else {
            // The truth is read too: one that does not fit its image is a broken sample (Prefetcher.decode).
            Sample sample = Dataset.load(ref);
            image = sample.image();
            mask = sample.mask();
        }
        if (augment.enabled()) {
            image = augment(image, new SplittableRandom(SampleSeeds.of(seed, "augment-" + epoch, i)));
        }
        return Prefetcher.example(ref, image, mask, input);
    }

    /** Online photometric augmentation: each change applied with probability one half, within the configured strengths. */
    private GrayImage augment(GrayImage image, SplittableRandom rng) {
        TrainConfig.Augment a = augment;
        double blur = rng.nextBoolean() ? a.blur() * rng.nextDouble() : 0;
        double gamma = rng.nextBoolean() ? StrictMath.exp(a.gamma() * (2 * rng.nextDouble() - 1)) : 1;
        double contrast = rng.nextBoolean() ? 1 - a.contrast() * rng.nextDouble() : 1;
        double brightness = rng.nextBoolean() ? a.brightness() * (2 * rng.nextDouble() - 1) : 0;
        double noise = rng.nextBoolean() ? a.noise() * rng.nextDouble() : 0;
        return Photometric.apply(image, new Photometric.Settings(blur, gamma, contrast, brightness, noise, 0, 0), rng);
    }
}
