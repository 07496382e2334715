package io.veernet.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.curves.ExtractedCurve;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.dataset.Track;
import io.veernet.data.raster.GrayImage;
import io.veernet.data.raster.Resampler;
import io.veernet.data.raster.WorkingGeometry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.veernet.model.ModelConfig;
import io.veernet.model.Predictor;
import io.veernet.model.Tiling;
import io.veernet.train.NormStatistics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@link Candidate} ready to serve: one network per member with its weights loaded (and, for a
 * weight-averaged BatchNorm model, its statistics recomputed). An ensemble's members' softmax
 * outputs are averaged.
 */
public final class ModelRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRunner.class);

    private final Candidate candidate;
    private final List<Predictor> members = new ArrayList<>();
    private final WorkingGeometry geometry;
    private final Tiling tiling;
    private final int minSide;
    // A split of same-size scans would repeat one warning per image: warn once per size, count the rest.
    private final Set<String> warned = new HashSet<>();
    private int repeatedWarnings;

    /**
     * @param train training images for a BatchNorm statistics pass (used only when needed)
     */
    public ModelRunner(Candidate candidate, ModelConfig model, NDManager manager, List<SampleRef> train, int recalibrationImages) {
        this(candidate, model, manager, train, recalibrationImages, null);
    }

    /**
     * As above; inputs outside {@code geometry} (the heights the run trained at, null for none)
     * are resampled into it and the probabilities brought back to the input's size.
     */
    public ModelRunner(Candidate candidate, ModelConfig model, NDManager manager, List<SampleRef> train, int recalibrationImages,
                       WorkingGeometry geometry) {
        this(candidate, model, manager, train, recalibrationImages, geometry, Tiling.WHOLE);
    }

    /** As above, predicting window by window along depth as {@code tiling} says. */
    public ModelRunner(Candidate candidate, ModelConfig model, NDManager manager, List<SampleRef> train, int recalibrationImages,
                       WorkingGeometry geometry, Tiling tiling) {
        this.candidate = candidate;
        this.geometry = geometry;
        this.tiling = tiling;
        this.minSide = model.minInputMultiple();
        try {
            for (Map<String, NDArray> w : candidate.members()) {
                Predictor p = Predictor.create(model, manager);
                members.add(p);
                p.load(w);
                if (candidate.averaged()) {
                    NormStatistics.recalibrate(p, train, recalibrationImages);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    public Candidate candidate() {
        return candidate;
    }

    /** How long inputs are cut along depth. */
    public Tiling tiling() {
        return tiling;
    }

    /** Windows a working-size image this wide is read in (1 = whole). */
    public int windows(int workingWidth) {
        return tiling.tiles(workingWidth, minSide).size();
    }

    /** Forward passes per image. */
    public int members() {
        return members.size();
    }

    /** Trainable parameters held by all members. */
    public long parameters() {
        return members.stream().mapToLong(p -> p.net().trainableParameterCount()).sum();
    }

    /** Each member's probabilities for one scan. */
    public List<ClassProbabilities> memberProbabilities(GrayImage image) {
        GrayImage work = toWorking(image);
        List<ClassProbabilities> out = new ArrayList<>(members.size());
        for (Predictor p : members) {
            ClassProbabilities probs = p.probabilities(work, tiling);
            out.add(work == image ? probs : back(probs, image.width(), image.height()));
        }
        return out;
    }

    /**
     * Each member's probabilities at the working geometry, and the curves extracted there and
     * mapped back to the input's pixels (rows by the resampler's map, columns by linear
     * interpolation at the mapped column centres): what the digitiser reports.
     */
    public record Working(GrayImage image, List<ClassProbabilities> members) {

        /** The curves that {@code extraction} finds in {@code map} (a working-size map), in the input's pixels. */
        public List<ExtractedCurve> curvesAtInput(ClassProbabilities map, int inputWidth, int inputHeight,
                                                  java.util.function.Function<ClassProbabilities, List<ExtractedCurve>> extraction) {
            List<ExtractedCurve> out = new ArrayList<>();
            for (ExtractedCurve c : extraction.apply(map)) {
                out.add(mapBack(c, image.width(), image.height(), inputWidth, inputHeight));
            }
            return out;
        }

        /** A track given in the input's rows, as it lies in the working image. */
        public Track track(Track input, int inputHeight) {
            if (image.height() == inputHeight) {
                return input;
            }
            return new Track(Resampler.toTarget(input.top(), inputHeight, image.height()),
                    Resampler.toTarget(input.bottom(), inputHeight, image.height()));
        }
    }

    /** The members' probabilities at the working geometry (the input as it is when it lies inside). */
    public Working working(GrayImage image) {
        GrayImage work = toWorking(image);
        List<ClassProbabilities> out = new ArrayList<>(members.size());
        for (Predictor p : members) {
            out.add(p.probabilities(work, tiling));
        }
        return new Working(work, out);
    }

    /** A curve extracted at working size w x h brought to the input's W x H pixels; the identity when the sizes agree. */
    static ExtractedCurve mapBack(ExtractedCurve c, int w, int h, int inputWidth, int inputHeight) {
        if (w == inputWidth && h == inputHeight) {
            return c;
        }
        boolean[] observed = new boolean[inputWidth];
        for (int x = 0; x < inputWidth; x++) {
            double u = Math.max(0, Math.min(w - 1, Resampler.toTarget(x, inputWidth, w)));
            observed[x] = c.observed()[(int) Math.round(u)];
        }
        return new ExtractedCurve(c.classId(), mapRows(c.rows(), w, h, inputWidth, inputHeight), observed,
                mapRows(c.unwrappedRows(), w, h, inputWidth, inputHeight));
    }

    /** Working-image rows per working column, as input rows per input column (linear between columns). */
    private static double[] mapRows(double[] working, int w, int h, int inputWidth, int inputHeight) {
        double[] rows = new double[inputWidth];
        for (int x = 0; x < inputWidth; x++) {
            double u = Math.max(0, Math.min(w - 1, Resampler.toTarget(x, inputWidth, w)));
            int u0 = Math.min(Math.max(0, w - 2), (int) Math.floor(u));
            int u1 = Math.min(w - 1, u0 + 1);
            double t = u - u0;
            double row = working[u0] + t * (working[u1] - working[u0]);
            rows[x] = Resampler.toSource(row, inputHeight, h);
        }
        return rows;
    }

    /** The input at the working geometry (the input itself when it is inside), with a warning when far outside. */
    GrayImage toWorking(GrayImage image) {
        if (geometry == null || geometry.targetHeight(image.height()) == image.height()) {
            return image;
        }
        int w = geometry.targetWidth(image.width(), image.height(), minSide);
        String warning = geometry.warning(image.width(), image.height(), w);
        if (warning != null) {
            if (warned.add(warning)) {
                LOG.warn(warning);
            } else {
                repeatedWarnings++;
            }
        }
        return geometry.bring(image, minSide);
    }

    /** A working-geometry probability map brought back to the input size (each class plane by the resampler's interpolation). */
    static ClassProbabilities back(ClassProbabilities p, int width, int height) {
        int plane = p.width() * p.height();
        float[] out = new float[p.classes() * width * height];
        for (int k = 0; k < p.classes(); k++) {
            float[] src = java.util.Arrays.copyOfRange(p.data(), k * plane, (k + 1) * plane);
            float[] up = Resampler.bilinear(src, p.width(), p.height(), width, height);
            System.arraycopy(up, 0, out, k * width * height, up.length);
        }
        return new ClassProbabilities(p.classes(), height, width, out);
    }

    /** The model's probabilities for one scan (the members' mean for an ensemble). */
    public ClassProbabilities probabilities(GrayImage image) {
        return mean(memberProbabilities(image));
    }

    /**
     * The mean of several probability maps, as a running mean {@code m += (p - m) / (i + 1)} so
     * that identical members give exactly one member's output.
     */
    public static ClassProbabilities mean(List<ClassProbabilities> maps) {
        ClassProbabilities first = maps.get(0);
        if (maps.size() == 1) {
            return first;
        }
        float[] mean = first.data().clone();
        for (int m = 1; m < maps.size(); m++) {
            float[] p = maps.get(m).data();
            float weight = 1f / (m + 1);
            for (int i = 0; i < mean.length; i++) {
                mean[i] += (p[i] - mean[i]) * weight;
            }
        }
        return new ClassProbabilities(first.classes(), first.height(), first.width(), mean);
    }

    @Override
    public void close() {
        if (repeatedWarnings > 0) {
            LOG.warn("{} more input(s) of a size warned about above were far outside the rows {} was trained at "
                    + "(resampled the same way)", repeatedWarnings, candidate.name());
            repeatedWarnings = 0;
        }
        members.forEach(Predictor::close);
        members.clear();
    }
}
