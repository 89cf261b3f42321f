package io.kafkamixnet.attack;

/**
 * Upper tails of the binomial distribution, to say whether an attack's success count is consistent with
 * guessing: with {@code n} trials each won with probability {@code p} (the base rate), P(X ≥ k) is the
 * chance of doing at least that well by luck.
 */
public final class BinomialTail {

    private BinomialTail() {}

    /**
     * P(X ≥ k) for X ~ Binomial(n, p).
     *
     * @throws IllegalArgumentException unless n ≥ 0 and 0 ≤ p ≤ 1
     */
    public static double atLeast(int n, double p, double k) {
        check(n, p);
        int from = (int) Math.ceil(k - 1e-9);
        if (from <= 0) {
            return 1.0;
        }
        if (from > n) {
            return 0.0;
        }
        if (p <= 0) {
            return 0.0;
        }
        if (p >= 1) {
            return 1.0;
        }
        double sum = 0;
        for (int i = from; i <= n; i++) {
            sum += Math.exp(logChoose(n, i) + i * Math.log(p) + (n - i) * Math.log1p(-p));
        }
        return Math.min(1.0, sum);
    }

    /**
     * The smallest k with P(X ≥ k) ≤ {@code tail} for X ~ Binomial(n, p): a success count at or above it
     * happens by guessing with probability at most {@code tail}.
     */
    public static int threshold(int n, double p, double tail) {
        check(n, p);
        if (!(tail > 0 && tail < 1)) {
            throw new IllegalArgumentException("the tail must be in (0, 1), found " + tail);
        }
        for (int k = 0; k <= n; k++) {
            if (atLeast(n, p, k) <= tail) {
                return k;
            }
        }
        return n + 1;
    }

    private static void check(int n, double p) {
        if (n < 0) {
            throw new IllegalArgumentException("trials must be 0 or more, found " + n);
        }
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("a probability must be in [0, 1], found " + p);
        }
    }

    private static double logChoose(int n, int k) {
        double s = 0;
        for (int i = 1; i <= k; i++) {
            s += Math.log(n - k + i) - Math.log(i);
        }
        return s;
    }
}
