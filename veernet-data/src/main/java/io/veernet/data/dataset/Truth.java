package io.veernet.data.dataset;

import java.util.List;

/** Everything known about where the curves of one log image lie: the label beyond the mask. */
public record Truth(int width, int height, Track track, DepthAxis depth, List<CurveTruth> curves) {

    public Truth {
        curves = List.copyOf(curves);
        for (CurveTruth c : curves) {
            if (c.width() != width) {
                throw new IllegalArgumentException("curve " + c.mnemonic() + " has " + c.width()
                        + " columns but the image is " + width + " wide");
            }
        }
    }

    /** The curve drawn with mask class {@code classId} (1 or 2). */
    public CurveTruth curve(int classId) {
        for (CurveTruth c : curves) {
            if (c.classId() == classId) {
                return c;
            }
        }
        throw new IllegalArgumentException("no curve with class " + classId);
    }
}
