package io.veernet.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.veernet.data.curves.ClassProbabilities;
import io.veernet.data.dataset.SampleRef;
import io.veernet.data.raster.GrayImage;
import io.veernet.model.ModelConfig;
import io.veernet.model.Predictor;
import io.veernet.train.NormStatistics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@link Candidate} ready to serve: one network per member with its weights loaded (and, for a
 * weight-averaged BatchNorm model, its statistics recomputed). An ensemble's members' softmax
 * outputs are averaged.
 */
public final class ModelRunner implements AutoCloseable {

    private final Candidate candidate;
    private final List<Predictor> members = new ArrayList<>();

    /**
     * @param train training images for a BatchNorm statistics pass (used only when needed)
     */
    public ModelRunner(Candidate candidate, ModelConfig model, NDManager manager, List<SampleRef> train, int recalibrationImages) {
        this.candidate = candidate;
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
        List<ClassProbabilities> out = new ArrayList<>(members.size());
        for (Predictor p : members) {
            out.add(p.probabilities(image));
        }
        return out;
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
        members.forEach(Predictor::close);
        members.clear();
    }
}
