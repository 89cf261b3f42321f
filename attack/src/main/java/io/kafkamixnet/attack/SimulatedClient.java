package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the timing attack: one Kafka producer of its own (so one producer id at the broker)
 * sending real messages as a Poisson process and, optionally, drop cover packets as a second Poisson
 * process — what {@code MixnetClient.Builder.coverTraffic(rate)} does, with the one-hop routes of the
 * mixer under attack. Keeps the offsets of what it sent (the harness's ground truth).
 */
final class SimulatedClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedClient.class);

    /** What a client sent at one ingress offset. */
    record Sent(long offset, long timestampMs, boolean cover, byte[] payload) {}

    private final String name;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final List<Sent> sent = new ArrayList<>();
    private final List<Thread> loops = new ArrayList<>();
    private volatile boolean running = true;
    private long seq;

    SimulatedClient(
            String name,
            ClientSettings cluster,
            String topic,
            PacketFactory packets,
            double messageRate,
            double coverRate,
            SecureRandom random) {
        this.name = name;
        this.topic = topic;
        Map<String, Object> p = new HashMap<>(cluster.asClientConfig());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        if (messageRate > 0) {
            loop(messageRate, random, () -> {
                byte[] payload = nextPayload();
                return new Packet(packets.exit(payload), payload, false);
            });
        }
        if (coverRate > 0) {
            loop(coverRate, random, () -> new Packet(packets.drop(), new byte[0], true));
        }
    }

    private record Packet(byte[] envelope, byte[] payload, boolean cover) {}

    private synchronized byte[] nextPayload() {
        return (name + ":" + seq++).getBytes(StandardCharsets.UTF_8);
    }

    private void loop(double perSecond, SecureRandom random, Supplier<Packet> next) {
        Thread t = new Thread(
                () -> {
                    while (running) {
                        try {
                            HonestSenders.sleepExponential(random, perSecond);
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (!running) {
                            return;
                        }
                        try {
                            Packet packet = next.get();
                            producer.send(new ProducerRecord<>(topic, 0, null, packet.envelope()), (md, e) -> {
                                if (e == null) {
                                    synchronized (sent) {
                                        sent.add(new Sent(
                                                md.offset(), md.timestamp(), packet.cover(), packet.payload()));
                                    }
                                }
                            });
                        } catch (RuntimeException e) {
                            if (running) {
                                LOG.warn("Client {} could not send: {}", name, e.toString());
                            }
                        }
                    }
                },
                "mixnet-attack-" + name + "-" + loops.size());
        t.setDaemon(true);
        loops.add(t);
        t.start();
    }

    String name() {
        return name;
    }

    /** Stops sending; what was sent stays readable. */
    void stop() {
        running = false;
        for (Thread t : loops) {
            t.interrupt();
        }
        for (Thread t : loops) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.flush();
    }

    List<Sent> sent() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    @Override
    public void close() {
        stop();
        producer.close(Duration.ofSeconds(5));
    }
}
