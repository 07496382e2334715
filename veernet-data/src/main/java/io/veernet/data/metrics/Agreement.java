package io.veernet.data.metrics;

/**
 * How well paired predicted values follow true ones: R^2 = 1 - SS_res / SS_tot (SS_tot about the
 * truth's mean), mean absolute error and root-mean-square error, all in the values' own units.
 *
 * <p>Every field is NaN when there is no pair or a predicted value is NaN; R^2 alone is NaN when
 * the truth is constant (SS_tot = 0), where it is undefined.
 */
record Agreement(double r2, double mae, double rmse) {

    static final Agreement UNDEFINED = new Agreement(Double.NaN, Double.NaN, Double.NaN);

    /** Compares {@code predicted[i]} with {@code truth[i]} over all i; truth must hold no NaN. */
    static Agreement between(double[] truth, double[] predicted) {
        int n = truth.length;
        if (predicted.length != n) {
            throw new IllegalArgumentException(n + " true values but " + predicted.length + " predicted");
        }
        double mean = 0;
        for (double t : truth) {
            mean += t;
        }
        mean /= n;
        double ssTot = 0;
        double ssRes = 0;
        double absSum = 0;
        for (int i = 0; i < n; i++) {
            double e = truth[i] - predicted[i];
            ssRes += e * e;
            absSum += Math.abs(e);
            ssTot += (truth[i] - mean) * (truth[i] - mean);
        }
        if (n == 0 || Double.isNaN(ssRes)) {
            return UNDEFINED;
        }
        double r2 = ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
        return new Agreement(r2, absSum / n, Math.sqrt(ssRes / n));
    }
}
