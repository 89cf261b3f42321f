package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The n-1 attacker's position on the honest senders' link: honest senders produce to a link topic,
 * and the gate forwards each record, unchanged and in order, to the mixer's ingress — unless the
 * attacker holds traffic back, when it keeps the records and lets through only the ones it chooses.
 * This is the delaying proxy of Serjantov, Dingledine &amp; Syverson (2002): an active adversary who
 * controls the network in front of the mixer (or the broker that hosts its ingress topic).
 *
 * <p>The gate counts what it forwarded: the attacker's only knowledge of how many honest packets
 * may still be inside the mixer.
 */
final class IngressGate implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngressGate.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String ingressTopic;
    private final Thread thread;
    private final Object lock = new Object();
    private final Deque<byte[]> held = new ArrayDeque<>();
    private boolean holding;
    private long forwarded;
    private volatile boolean running = true;

    IngressGate(ClientSettings cluster, String linkTopic, String ingressTopic) {
        this.ingressTopic = ingressTopic;
        Map<String, Object> c = new HashMap<>(cluster.asClientConfig());
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "mixnet-attack-gate-" + UUID.randomUUID());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        this.consumer = new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        TopicPartition tp = new TopicPartition(linkTopic, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        Map<String, Object> p = new HashMap<>(cluster.asClientConfig());
        p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "mixnet-attack-gate");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    synchronized (lock) {
                        if (holding) {
                            held.addLast(r.value());
                            lock.notifyAll();
                        } else {
                            forward(r.value());
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("The ingress gate stopped: {}", e.toString());
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Called with the lock held: sends and waits for the ack, so forwarding keeps the link's order. */
    private void forward(byte[] envelope) {
        try {
            producer.send(new ProducerRecord<>(ingressTopic, 0, null, envelope)).get(30, TimeUnit.SECONDS);
            forwarded++;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("forwarding an honest packet to " + ingressTopic + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while forwarding an honest packet", e);
        }
    }

    /** From now on honest packets are kept, not forwarded. */
    void hold() {
        synchronized (lock) {
            holding = true;
        }
    }

    /** Forwards everything held, in order, and lets later traffic through. */
    void pass() {
        synchronized (lock) {
            while (!held.isEmpty()) {
                forward(held.pollFirst());
            }
            holding = false;
        }
    }

    /**
     * Waits until at least one honest packet is held, then forwards the oldest (the target) and returns
     * it once the broker acknowledged it.
     *
     * @return the target's envelope, or {@code null} if none arrived within {@code timeout}
     */
    byte[] releaseOne(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (held.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            byte[] target = held.pollFirst();
            forward(target);
            return target;
        }
    }

    /** Honest packets forwarded to the mixer so far. */
    long forwarded() {
        synchronized (lock) {
            return forwarded;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
