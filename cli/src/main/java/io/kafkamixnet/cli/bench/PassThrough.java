package io.kafkamixnet.cli.bench;

import io.kafkamixnet.admin.ClientSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The ceiling a mixer is measured against: a plain Kafka Streams application that copies each record
 * of one topic to another, with exactly_once_v2 and Kafka Streams' defaults otherwise (the mixer's
 * defaults too), as many instances and threads as the mixer runs with. Records keep their key,
 * value and timestamp (the producer's send time).
 */
final class PassThrough implements BenchApp {

    private final List<KafkaStreams> instances = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /**
     * @param applicationId the Streams application id (consumer group, transactional ids)
     * @param stateDir      a directory for the instances' (empty) state directories
     */
    PassThrough(
            ClientSettings cluster,
            String applicationId,
            String in,
            String out,
            int instanceCount,
            int threads,
            Path stateDir) {
        for (int i = 0; i < instanceCount; i++) {
            StreamsBuilder b = new StreamsBuilder();
            b.stream(in, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
                    .to(out, Produced.with(Serdes.ByteArray(), Serdes.ByteArray()));
            Properties p = new Properties();
            p.putAll(cluster.asClientConfig());
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
            p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.resolve("pass-" + i).toString());
            p.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
            KafkaStreams s = new KafkaStreams(b.build(), p);
            s.setUncaughtExceptionHandler(e -> {
                failure.compareAndSet(null, e);
                return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse
                        .SHUTDOWN_CLIENT;
            });
            instances.add(s);
        }
    }

    @Override
    public void start() {
        instances.forEach(KafkaStreams::start);
    }

    @Override
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!instances.stream().allMatch(s -> s.state() == KafkaStreams.State.RUNNING)) {
            if (System.nanoTime() > deadline || failure.get() != null) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    @Override
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    @Override
    public void close() {
        for (KafkaStreams s : instances) {
            s.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
        }
    }
}
