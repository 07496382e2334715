package io.veernet.data.metrics;

import io.veernet.data.raster.LabelMask;

/**
 * Per-class IoU and F1 accumulated over a whole split: pixel counts are summed over images before
 * dividing (DESIGN.md, "Background IoU"), so large images weigh more than small ones.
 *
 * <p>Holds a confusion matrix. Not thread-safe: give each thread its own and {@link #merge} them.
 */
public final class ClassOverlap {

    private final int classes;
    /** confusion[t * classes + p]: pixels of true class t predicted as p. */
    private final long[] confusion;

    /** An empty accumulator for the three VeerNet classes. */
    public ClassOverlap() {
        this(LabelMask.CLASSES);
    }

    public ClassOverlap(int classes) {
        if (classes < 1 || classes > Byte.MAX_VALUE) {
            throw new IllegalArgumentException("need 1 to " + Byte.MAX_VALUE + " classes, got " + classes);
        }
        this.classes = classes;
        this.confusion = new long[classes * classes];
    }

    public int classes() {
        return classes;
    }

    /** Adds one image. */
    public void add(LabelMask truth, LabelMask predicted) {
        if (truth.width() != predicted.width() || truth.height() != predicted.height()) {
            throw new IllegalArgumentException("prediction is " + predicted.width() + " x " + predicted.height()
                    + " but the truth mask is " + truth.width() + " x " + truth.height());
        }
        add(truth, predicted.labels());
    }

    /** Adds one image whose prediction is a row-major label map of the truth's size. */
    public void add(LabelMask truth, byte[] predicted) {
        byte[] t = truth.labels();
        if (predicted.length != t.length) {
            throw new IllegalArgumentException("prediction holds " + predicted.length + " labels but the truth mask is "
                    + truth.width() + " x " + truth.height() + " = " + t.length);
        }
        // Count into a local matrix first, so a bad label leaves the accumulator untouched.
        long[] counts = new long[confusion.length];
        for (int i = 0; i < t.length; i++) {
            int tc = t[i] & 0xFF;
            int pc = predicted[i] & 0xFF;
            if (tc >= classes || pc >= classes) {
                throw new IllegalArgumentException("label out of range 0.." + (classes - 1) + " at pixel (x="
                        + i % truth.width() + ", y=" + i / truth.width() + "): truth " + tc + ", prediction " + pc);
            }
            counts[tc * classes + pc]++;
        }
        for (int i = 0; i < counts.length; i++) {
            confusion[i] += counts[i];
        }
    }

    /** Adds another accumulator's counts to this one. */
    public void merge(ClassOverlap other) {
        if (other.classes != classes) {
            throw new IllegalArgumentException("cannot merge " + other.classes + " classes into " + classes);
        }
        for (int i = 0; i < confusion.length; i++) {
            confusion[i] += other.confusion[i];
        }
    }

    /** Pixels of true class {@code trueClass} predicted as {@code predictedClass}, so far. */
    public long confusion(int trueClass, int predictedClass) {
        return confusion[checked(trueClass) * classes + checked(predictedClass)];
    }

    /** Counts of class {@code k} so far. */
    public ClassCounts counts(int k) {
        checked(k);
        long tp = confusion[k * classes + k];
        long fp = 0;
        long fn = 0;
        for (int other = 0; other < classes; other++) {
            if (other != k) {
                fp += confusion[other * classes + k];
                fn += confusion[k * classes + other];
            }
        }
        return new ClassCounts(tp, fp, fn);
    }

    /** IoU of class {@code k} over everything added; NaN if the class never appeared. */
    public double iou(int k) {
        return counts(k).iou();
    }

    /** F1 of class {@code k} over everything added; NaN if the class never appeared. */
    public double f1(int k) {
        return counts(k).f1();
    }

    private int checked(int k) {
        if (k < 0 || k >= classes) {
            throw new IllegalArgumentException("class " + k + " outside 0.." + (classes - 1));
        }
        return k;
    }
}
