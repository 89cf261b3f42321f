package io.kafkamixnet.directory.heartbeat;

/** The lower tail of the binomial distribution, computed in log space (no overflow for large n). */
final class BinomialTail {

    private BinomialTail() {}

    /**
     * P(X &le; k) for X ~ Binomial(n, p).
     *
     * @throws IllegalArgumentException if n &lt; 0 or p is not in [0, 1]
     */
    static double atMost(int k, int n, double p) {
        if (n < 0 || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("need n >= 0 and p in [0, 1], found n=" + n + ", p=" + p);
        }
        if (k < 0) {
            return 0.0;
        }
        if (k >= n) {
            return 1.0;
        }
        if (p == 0) {
            return 1.0;
        }
        if (p == 1) {
            return 0.0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        // log C(n, i) built up term by term: C(n, i) = C(n, i-1) * (n - i + 1) / i.
        double logC = 0.0;
        double sum = 0.0;
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logC += Math.log(n - i + 1) - Math.log(i);
            }
            sum += Math.exp(logC + i * logP + (n - i) * logQ);
        }
        return Math.min(1.0, sum);
    }
}
