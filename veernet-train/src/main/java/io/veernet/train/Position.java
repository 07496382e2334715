package io.veernet.train;

/**
 * Where a run stands, as a checkpoint saves it (Jackson, snake_case keys): the next epoch, images
 * done in it, optimizer steps so far, the epoch's running sums, and the best raw validation so far.
 *
 * @param epoch     the 0-based epoch in progress (or next)
 * @param batch     batches done in it
 * @param step      optimizer steps done in the run
 * @param lossSum   the epoch's summed training loss
 * @param images    the epoch's images so far
 * @param seconds   the epoch's training seconds so far
 * @param waitNanos the epoch's time waiting for decoded images
 * @param bestEpoch the 1-based epoch with the best raw validation score (0 = none yet)
 * @param bestScore that score (-1e300 = none yet; JSON has no infinity)
 */
public record Position(int epoch, int batch, long step, double lossSum, int images, double seconds, long waitNanos,
                       int bestEpoch, double bestScore) {

    static final double NO_SCORE = -1e300;

    static Position start() {
        return new Position(0, 0, 0, 0, 0, 0, 0, 0, NO_SCORE);
    }

    /** After batch {@code batch} (0-based) of the epoch trained {@code n} images at mean loss {@code loss}. */
    Position afterBatch(int batch, double loss, int n, double seconds, long waitNanos) {
        return new Position(epoch, batch + 1, step + 1, lossSum + loss * n, images + n, seconds, waitNanos, bestEpoch,
                bestScore);
    }

    /** The start of the next epoch. */
    Position nextEpoch() {
        return new Position(epoch + 1, 0, step, 0, 0, 0, 0, bestEpoch, bestScore);
    }

    Position withBest(int epoch1Based, double score) {
        return new Position(epoch, batch, step, lossSum, images, seconds, waitNanos, epoch1Based, score);
    }

    Position inEpoch(int e) {
        return new Position(e, batch, step, lossSum, images, seconds, waitNanos, bestEpoch, bestScore);
    }
}
