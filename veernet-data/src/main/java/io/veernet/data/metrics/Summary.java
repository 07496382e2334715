package io.veernet.data.metrics;

import java.util.Arrays;

import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/**
 * One metric summarised over the images of a split.
 *
 * <p>NaN values (undefined scores) are left out and counted in {@code undefined}. Percentiles use
 * Commons Math's R_7 estimator, numpy's default (linear between closest ranks); the standard
 * deviation is the sample one (n - 1), NaN below two values. With no defined value every
 * statistic is NaN.
 *
 * @param count     defined values summarised
 * @param undefined NaN values left out
 * @param best      the maximum or minimum, whichever is better for this metric
 * @param mean      arithmetic mean
 * @param median    50th percentile
 * @param p10       10th percentile
 * @param std       sample standard deviation
 */
public record Summary(int count, int undefined, double best, double mean, double median, double p10, double std) {

    /** Which way a metric improves, to pick its best value. */
    public enum Better { HIGHER, LOWER }

    public static Summary of(double[] values, Better better) {
        double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).toArray();
        int undefined = values.length - v.length;
        if (v.length == 0) {
            return new Summary(0, undefined, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Arrays.sort(v);
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        percentile.setData(v);
        return new Summary(v.length, undefined,
                better == Better.HIGHER ? v[v.length - 1] : v[0],
                Arrays.stream(v).sum() / v.length,
                percentile.evaluate(50),
                percentile.evaluate(10),
                v.length < 2 ? Double.NaN : new StandardDeviation(true).evaluate(v));
    }
}
