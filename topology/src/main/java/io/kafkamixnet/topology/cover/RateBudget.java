package io.kafkamixnet.topology.cover;

/**
 * Token bucket: at most {@code ratePerSecond} on average, bursts up to {@code burst}. Bounds what the
 * dummies of one stream task cost, whatever the batches ask for. Not thread-safe (one per task).
 */
final class RateBudget {

    private final double ratePerSecond;
    private final double burst;
    private double tokens;
    private long lastMillis = -1;

    RateBudget(double ratePerSecond, double burst) {
        this.ratePerSecond = ratePerSecond;
        this.burst = Math.max(1.0, burst);
        this.tokens = this.burst;
    }

    /** Takes up to {@code wanted} tokens at {@code nowMillis}; returns how many it took. */
    int take(int wanted, long nowMillis) {
        if (lastMillis >= 0 && nowMillis > lastMillis) {
            tokens = Math.min(burst, tokens + (nowMillis - lastMillis) / 1000.0 * ratePerSecond);
        }
        lastMillis = Math.max(lastMillis, nowMillis);
        int granted = (int) Math.min(wanted, Math.floor(tokens));
        tokens -= Math.max(0, granted);
        return Math.max(0, granted);
    }
}
