package io.kafkamixnet.network;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * Kafka client quotas for each client principal ({@code user=<principal>} entity): produce and fetch
 * bandwidth in bytes per second per broker, and the share of broker request-handler time in percent
 * of one thread. Unset values leave the broker's defaults (unlimited).
 */
public record ClientQuota(
        OptionalLong producerByteRate, OptionalLong consumerByteRate, OptionalDouble requestPercentage) {

    public static final ClientQuota NONE =
            new ClientQuota(OptionalLong.empty(), OptionalLong.empty(), OptionalDouble.empty());

    public ClientQuota {
        producerByteRate.ifPresent(v -> requirePositive("client.quota.producer-byte-rate", v));
        consumerByteRate.ifPresent(v -> requirePositive("client.quota.consumer-byte-rate", v));
        requestPercentage.ifPresent(v -> {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(
                        "client.quota.request-percentage must be a positive number of percent, found " + v);
            }
        });
    }

    /** Kafka's quota keys ({@code producer_byte_rate}, ...) to their values; empty when no quota is set. */
    public Map<String, Double> asKafkaQuotas() {
        Map<String, Double> m = new LinkedHashMap<>();
        producerByteRate.ifPresent(v -> m.put("producer_byte_rate", (double) v));
        consumerByteRate.ifPresent(v -> m.put("consumer_byte_rate", (double) v));
        requestPercentage.ifPresent(v -> m.put("request_percentage", v));
        return m;
    }

    private static void requirePositive(String key, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be a positive number of bytes per second, found " + v);
        }
    }
}
