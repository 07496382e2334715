package io.veernet.config;

import io.veernet.model.averaging.EmaHorizon;
import io.veernet.model.averaging.PostHocEma;
import io.veernet.model.optim.OptimizerConfig;

import java.util.List;

/**
 * How a run trains.
 *
 * @param epochs      passes over the training split
 * @param seed        seeds initialisation, the per-epoch shuffle and dropout
 * @param threads     intra-op threads for the engine (0 = engine default); weights are reproducible
 *                    for the same thread count
 * @param batchSize   images per step; above 1, images are padded to the widest and padding is
 *                    excluded from the loss
 * @param prefetch    images decoded ahead on a background thread
 * @param optimizer   the optimizer (its state is saved in checkpoints)
 * @param lr          the learning-rate schedule
 * @param loss        the loss terms
 * @param ema         one EMA of the weights per horizon (decay, half-life in steps or epochs), updated every step
 * @param swa         the late-phase SWA average
 * @param swad        SWAD: dense averaging over a window the validation loss chooses
 * @param postHocEma  power-function EMAs snapshotted for post-hoc EMA (any length rebuilt after training)
 * @param swag        SWAG: a Gaussian over the SWA phase's weights, sampled for a confidence per depth sample
 * @param snapshots   per-epoch weight snapshots kept for LAWA, the ensemble and the soup
 * @param checkpoint  when checkpoints are written
 * @param validation  when and on how much of the validation split models are scored
 * @param freshData   train on freshly generated logs (as many per epoch as the train split holds, new every
 *                    epoch, seeded by data seed, epoch and index) instead of the stored train split
 * @param augment     online photometric augmentation of every training image
 */
public record TrainConfig(int epochs, long seed, int threads, int batchSize, int prefetch, OptimizerConfig optimizer,
                          LrConfig lr, LossConfig loss, List<EmaHorizon> ema, Swa swa, Swad swad, PostHoc postHocEma, Swag swag,
                          int snapshots, Checkpoints checkpoint, Validation validation, boolean freshData, Augment augment) {

    public TrainConfig {
        ema = List.copyOf(ema);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0 (0 = engine default), got " + threads);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1, got " + batchSize);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, got " + prefetch);
        }
        if (ema.stream().map(EmaHorizon::label).distinct().count() != ema.size()) {
            throw new IllegalArgumentException("ema lists the same horizon twice: " + ema.stream().map(EmaHorizon::label).toList());
        }
        if (swad.enabled() && swad.startEpoch() > epochs) {
            throw new IllegalArgumentException("swad.start_epoch (" + swad.startEpoch() + ") is after the last epoch (" + epochs + ")");
        }
        if (swag.enabled() && swa.startEpoch(epochs) > epochs) {
            throw new IllegalArgumentException("swag starts with swa.start_epoch (" + swa.startEpoch(epochs)
                    + "), which is after the last epoch (" + epochs + ")");
        }
        if (snapshots < 1) {
            throw new IllegalArgumentException("snapshots must be at least 1, got " + snapshots);
        }
        if (swa.enabled() && swa.startEpoch(epochs) > epochs) {
            throw new IllegalArgumentException("swa.start_epoch (" + swa.startEpoch(epochs)
                    + ") is after the last epoch (" + epochs + ")");
        }
    }

    public static TrainConfig defaults() {
        return new TrainConfig(10, 1, 0, 1, 4, OptimizerConfig.defaults(), LrConfig.defaults(), LossConfig.defaults(),
                List.of(EmaHorizon.ofDecay(0.999)), Swa.defaults(), Swad.defaults(), PostHoc.defaults(), Swag.defaults(), 5,
                Checkpoints.defaults(), Validation.defaults(), false, Augment.defaults());
    }

    /** The first SWA epoch, 0-based, or -1 without SWA. */
    public int swaStartIndex() {
        return swa.enabled() ? swa.startEpoch(epochs) - 1 : -1;
    }

    /**
     * The SWA average.
     *
     * @param enabled       keep one
     * @param startFraction SWA starts at epoch ceil(start_fraction x epochs) (1-based)
     * @param startEpoch    an explicit 1-based start epoch instead (0 = use the fraction)
     */
    public record Swa(boolean enabled, double startFraction, int startEpoch) {
        public Swa {
            if (!(startFraction > 0 && startFraction <= 1)) {
                throw new IllegalArgumentException("start_fraction must be in (0, 1], got " + startFraction);
            }
            if (startEpoch < 0) {
                throw new IllegalArgumentException("start_epoch must be >= 1 (or 0 for start_fraction), got " + startEpoch);
            }
        }

        public static Swa defaults() {
            return new Swa(true, 0.75, 0);
        }

        /** The 1-based first SWA epoch. */
        public int startEpoch(int epochs) {
            return startEpoch > 0 ? startEpoch : (int) Math.ceil(startFraction * epochs);
        }
    }

    /**
     * SWAD (docs/TRAINING.md): a dense average over the steps of a loss valley. Segments end at
     * each validation; the loss is 1 - the raw model's validation score.
     *
     * @param enabled        keep one
     * @param everySteps     take the weights every this many steps
     * @param startEpoch     the 1-based first epoch whose steps may join
     * @param patience       validations without improvement that open the window
     * @param tolerance      validations the loss may stay over the threshold before the window closes
     * @param toleranceRatio the threshold over the opening validations' mean loss
     */
    public record Swad(boolean enabled, int everySteps, int startEpoch, int patience, int tolerance, double toleranceRatio) {
        public Swad {
            if (everySteps < 1) {
                throw new IllegalArgumentException("every_steps must be at least 1, got " + everySteps);
            }
            if (startEpoch < 1) {
                throw new IllegalArgumentException("start_epoch must be at least 1, got " + startEpoch);
            }
            new io.veernet.model.averaging.Swad.Settings(patience, tolerance, toleranceRatio);
        }

        public static Swad defaults() {
            return new Swad(false, 1, 1, 3, 3, 0.3);
        }

        public io.veernet.model.averaging.Swad.Settings settings() {
            return new io.veernet.model.averaging.Swad.Settings(patience, tolerance, toleranceRatio);
        }
    }

    /**
     * SWAG (Maddox et al. 2019; docs/TRAINING.md): over SWA's phase (from {@code swa}'s start epoch),
     * the running mean and diagonal second moment of the weights taken every {@code everySteps}
     * steps, and the last {@code rank} deviations from the mean. {@code evaluate} and {@code digitize
     * --model swag} draw {@code samples} weight sets at {@code scale} and report the spread.
     *
     * @param enabled    keep one
     * @param rank       deviation columns kept (the low-rank part; at least 2)
     * @param everySteps take the weights every this many steps in the SWA phase
     * @param samples    weight sets drawn per prediction
     * @param scale      the covariance scale (0.5 in the paper)
     * @param seed       seeds the draws, so a sample set is reproducible
     */
    public record Swag(boolean enabled, int rank, int everySteps, int samples, double scale, long seed) {
        public Swag {
            if (rank < 2) {
                throw new IllegalArgumentException("rank must be at least 2, got " + rank);
            }
            if (everySteps < 1) {
                throw new IllegalArgumentException("every_steps must be at least 1, got " + everySteps);
            }
            if (samples < 2) {
                throw new IllegalArgumentException("samples must be at least 2 (a spread needs two), got " + samples);
            }
            if (!(scale >= 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("scale must be a finite number >= 0, got " + scale);
            }
        }

        public static Swag defaults() {
            return new Swag(false, 20, 45, 10, 0.5, 7);
        }
    }

    /**
     * Post-hoc EMA (Karras et al. 2024): power-function EMAs of the given relative lengths, each
     * snapshotted every {@code everyEpochs} epochs (and after the last) into the run folder, from
     * which {@code evaluate} rebuilds and sweeps other lengths.
     *
     * @param enabled     keep them
     * @param sigmaRels   the tracked relative lengths (at least two; the paper uses 0.05 and 0.10)
     * @param everyEpochs snapshot interval in epochs
     * @param sweep       the lengths evaluate rebuilds and scores on the validation split
     */
    public record PostHoc(boolean enabled, List<Double> sigmaRels, int everyEpochs, List<Double> sweep) {
        public PostHoc {
            sigmaRels = List.copyOf(sigmaRels);
            sweep = List.copyOf(sweep);
            if (enabled && sigmaRels.size() < 2) {
                throw new IllegalArgumentException("sigma_rels needs at least two lengths to rebuild others from, got " + sigmaRels);
            }
            if (sigmaRels.stream().distinct().count() != sigmaRels.size()) {
                throw new IllegalArgumentException("sigma_rels lists a length twice: " + sigmaRels);
            }
            for (double s : sigmaRels) {
                PostHocEma.gammaFor(s);
            }
            for (double s : sweep) {
                PostHocEma.gammaFor(s);
            }
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("every_epochs must be at least 1, got " + everyEpochs);
            }
        }

        public static PostHoc defaults() {
            return new PostHoc(false, List.of(0.05, 0.10), 2, List.of(0.02, 0.03, 0.05, 0.07, 0.10, 0.14, 0.20, 0.25));
        }
    }

    /**
     * Checkpoints: one at the end of every epoch, and every {@code everySteps} steps (0 = only per
     * epoch); the newest {@code keep} are kept.
     */
    public record Checkpoints(int everySteps, int keep) {
        public Checkpoints {
            if (everySteps < 0) {
                throw new IllegalArgumentException("every_steps must be >= 0, got " + everySteps);
            }
            if (keep < 1) {
                throw new IllegalArgumentException("keep must be at least 1, got " + keep);
            }
        }

        public static Checkpoints defaults() {
            return new Checkpoints(0, 2);
        }
    }

    /**
     * Online photometric augmentation: each change is applied with probability one half, at a
     * strength drawn uniformly up to the value here.
     *
     * @param enabled    augment at all
     * @param blur       Gaussian blur sigma, px
     * @param gamma      gamma = exp(u * gamma), u uniform in [-1, 1]
     * @param contrast   contrast reduced by up to this share
     * @param brightness brightness shifted by up to this many gray levels either way
     * @param noise      Gaussian noise sigma, gray levels
     */
    public record Augment(boolean enabled, double blur, double gamma, double contrast, double brightness, double noise) {
        public Augment {
            if (!(blur >= 0 && blur <= 3)) {
                throw new IllegalArgumentException("blur must be between 0 and 3 px, got " + blur);
            }
            if (!(gamma >= 0 && gamma <= 1)) {
                throw new IllegalArgumentException("gamma must be between 0 and 1, got " + gamma);
            }
            if (!(contrast >= 0 && contrast < 1)) {
                throw new IllegalArgumentException("contrast must be in [0, 1), got " + contrast);
            }
            if (!(brightness >= 0 && brightness <= 100)) {
                throw new IllegalArgumentException("brightness must be between 0 and 100, got " + brightness);
            }
            if (!(noise >= 0 && noise <= 50)) {
                throw new IllegalArgumentException("noise must be between 0 and 50, got " + noise);
            }
        }

        public static Augment defaults() {
            return new Augment(false, 0.7, 0.4, 0.4, 20, 8);
        }
    }

    /** Validation every {@code everyEpochs} epochs (and always after the last) on up to {@code maxImages} images (0 = all). */
    public record Validation(int everyEpochs, int maxImages) {
        public Validation {
            if (everyEpochs < 1) {
                throw new IllegalArgumentException("every_epochs must be at least 1, got " + everyEpochs);
            }
            if (maxImages < 0) {
                throw new IllegalArgumentException("max_images must be >= 0, got " + maxImages);
            }
        }

        public static Validation defaults() {
            return new Validation(1, 0);
        }
    }
}
