package io.veernet.data.curves;

/**
 * Builds class-probability maps with known answers: each trace is a Gaussian profile across the
 * rows (sigma 1 px) around a given centre per column, carrying given probabilities of class 1 and
 * class 2; background takes what is left. Where traces overlap their probabilities add, capped so
 * that a pixel's classes sum to at most 1.
 */
final class TraceMaps {

    private final int height;
    private final int width;
    private final float[] p1;
    private final float[] p2;

    TraceMaps(int height, int width) {
        this.height = height;
        this.width = width;
        p1 = new float[height * width];
        p2 = new float[height * width];
    }

    /** How a trace looks in one column: its class probabilities at the centre line. */
    interface Look {
        /** {class 1, class 2} peak probabilities in column x. */
        double[] at(int x);
    }

    /** Adds a trace: {@code centre[x]} (NaN where absent) with the look's probabilities. */
    TraceMaps trace(double[] centre, Look look) {
        for (int x = 0; x < width; x++) {
            if (Double.isNaN(centre[x])) {
                continue;
            }
            double[] peak = look.at(x);
            for (int y = 0; y < height; y++) {
                double d = y - centre[x];
                double g = Math.exp(-0.5 * d * d);
                p1[y * width + x] += (float) (peak[0] * g);
                p2[y * width + x] += (float) (peak[1] * g);
            }
        }
        return this;
    }

    /** Adds a blob of one class: rows {@code from..to} of column x at probability p. */
    TraceMaps speck(int x, int from, int to, int classId, double p) {
        for (int y = from; y <= to; y++) {
            (classId == 1 ? p1 : p2)[y * width + x] = (float) p;
        }
        return this;
    }

    ClassProbabilities build() {
        int plane = height * width;
        float[] data = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            float a = p1[i];
            float b = p2[i];
            float sum = a + b;
            if (sum > 1) {
                a /= sum;
                b /= sum;
            }
            data[plane + i] = a;
            data[2 * plane + i] = b;
            data[i] = 1 - a - b;
        }
        return new ClassProbabilities(3, height, width, data);
    }

    static Look constant(double class1, double class2) {
        return x -> new double[] {class1, class2};
    }
}
