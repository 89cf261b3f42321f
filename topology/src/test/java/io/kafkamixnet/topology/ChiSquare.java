package io.kafkamixnet.topology;

/** Pearson's chi-square statistic and the critical values the tests use (significance 1e-6). */
public final class ChiSquare {

    private ChiSquare() {}

    /** Statistic of observed counts against a uniform expectation. */
    public static double uniformStatistic(long[] observed) {
        long total = 0;
        for (long o : observed) {
            total += o;
        }
        double expected = (double) total / observed.length;
        double stat = 0;
        for (long o : observed) {
            stat += (o - expected) * (o - expected) / expected;
        }
        return stat;
    }

    /** Statistic of an m x m table of counts against the uniform expectation total / m^2. */
    public static double uniformStatistic(long[][] table) {
        int m = table.length;
        long[] flat = new long[m * m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(table[i], 0, flat, i * m, m);
        }
        return uniformStatistic(flat);
    }

    /**
     * Upper critical value of chi-square with {@code dof} degrees of freedom at significance 1e-6,
     * by the Wilson-Hilferty approximation (a few percent for small dof, closer for large). A
     * correct mixer fails such a test once in a million runs.
     */
    public static double critical(int dof) {
        double z = 4.753424; // upper 1e-6 quantile of N(0, 1)
        double a = 2.0 / (9.0 * dof);
        double c = 1 - a + z * Math.sqrt(a);
        return dof * c * c * c;
    }
}
