package io.veernet.train;

import io.veernet.data.dataset.Dataset;
import io.veernet.data.dataset.Sample;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.LabelMask;
import io.veernet.model.InkInput;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Decodes an epoch's images on a background thread, a few ahead of the training thread, so the
 * training thread does not wait on PNG decoding when it need not. Records how long it did wait.
 */
public final class Prefetcher implements AutoCloseable {

    private record Item(TrainingExample example, RuntimeException error) {
    }

    private static final Item END = new Item(null, null);

    private final BlockingQueue<Item> queue;
    private final Thread worker;
    private volatile boolean closed;
    private long waitNanos;

    /** As above, with {@code loader} making each example (a generated or augmented one, see {@link TrainingSource}). */
    public Prefetcher(List<SampleRef> order, int capacity, java.util.function.Function<SampleRef, TrainingExample> loader) {
        this.queue = new ArrayBlockingQueue<>(Math.max(1, capacity));
        this.worker = new Thread(() -> run(order, loader), "prefetch");
        this.worker.setDaemon(true);
        this.worker.start();
    }

    private void run(List<SampleRef> order, java.util.function.Function<SampleRef, TrainingExample> loader) {
        try {
            for (SampleRef ref : order) {
                if (closed) {
                    return;
                }
                Item item;
                try {
                    item = new Item(loader.apply(ref), null);
                } catch (RuntimeException e) {
                    item = new Item(null, e);
                }
                queue.put(item);
                if (item.error() != null) {
                    return;
                }
            }
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads and checks one sample's image, mask and truth. Training needs only the first two, but a
     * truth that does not fit its image means a broken sample, which must stop training, not pass.
     */
    public static TrainingExample decode(SampleRef ref, InkInput input) {
        Sample sample = Dataset.load(ref);
        return example(ref, sample.image(), sample.mask(), input);
    }

    /** An image, as a network reading {@code input} sees it, and its mask as a training example. */
    static TrainingExample example(SampleRef ref, GrayImage image, LabelMask mask, InkInput input) {
        int n = image.width() * image.height();
        long[] labels = new long[n];
        byte[] lb = mask.labels();
        for (int i = 0; i < n; i++) {
            labels[i] = lb[i];
        }
        return new TrainingExample(ref, image.height(), image.width(), input.of(image), labels);
    }

    /** The next example, or null at the end of the order. A decoding error is rethrown here. */
    public TrainingExample next() throws InterruptedException {
        long t0 = System.nanoTime();
        Item item = queue.take();
        waitNanos += System.nanoTime() - t0;
        if (item.error() != null) {
            throw item.error();
        }
        return item.example();
    }

    /** Total time the caller spent waiting in {@link #next()}. */
    public long waitNanos() {
        return waitNanos;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
    }
}
