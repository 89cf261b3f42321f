package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Honest senders for the n-1 attack: each sends exit packets to a topic as a Poisson process of its
 * own rate, with its own Kafka producer. The harness — never the attacker — keeps the ground truth:
 * which payload each envelope carries, so a trial can check the attacker's link.
 */
final class HonestSenders implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HonestSenders.class);

    private final List<Thread> threads = new ArrayList<>();
    private final List<KafkaProducer<byte[], byte[]>> producers = new ArrayList<>();
    private final Map<ByteBuffer, byte[]> payloadOfEnvelope = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    HonestSenders(ClientSettings cluster, String topic, PacketFactory packets, int senders, double packetsPerSecond) {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < senders; i++) {
            Map<String, Object> p = new HashMap<>(cluster.asClientConfig());
            p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            KafkaProducer<byte[], byte[]> producer =
                    new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
            producers.add(producer);
            int sender = i;
            Thread t = new Thread(
                    () -> {
                        long seq = 0;
                        while (running) {
                            try {
                                sleepExponential(random, packetsPerSecond);
                            } catch (InterruptedException e) {
                                return;
                            }
                            byte[] payload = ("honest:" + sender + ":" + seq++).getBytes(StandardCharsets.UTF_8);
                            try {
                                byte[] envelope = packets.exit(payload);
                                payloadOfEnvelope.put(ByteBuffer.wrap(envelope), payload);
                                producer.send(new ProducerRecord<>(topic, 0, null, envelope));
                            } catch (RuntimeException e) {
                                if (running) {
                                    LOG.warn("Honest sender {} could not send: {}", sender, e.toString());
                                }
                            }
                        }
                    },
                    "mixnet-attack-honest-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    static void sleepExponential(SecureRandom random, double perSecond) throws InterruptedException {
        double u = 1.0 - random.nextDouble();
        TimeUnit.NANOSECONDS.sleep((long) (-Math.log(u) / perSecond * 1e9));
    }

    /** The payload an envelope one of these senders produced carries (ground truth, for checking only). */
    Optional<byte[]> payloadOf(byte[] envelope) {
        return Optional.ofNullable(payloadOfEnvelope.get(ByteBuffer.wrap(envelope)));
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            t.interrupt();
        }
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (KafkaProducer<byte[], byte[]> p : producers) {
            p.close(Duration.ofSeconds(5));
        }
    }
}
