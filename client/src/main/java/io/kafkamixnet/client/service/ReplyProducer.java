package io.kafkamixnet.client.service;

import io.kafkamixnet.client.frame.ReplyFrame;
import io.kafkamixnet.client.frame.RequestFrame;
import io.kafkamixnet.client.internals.DirectoryRoutes;
import io.kafkamixnet.client.internals.IngressProducer;
import io.kafkamixnet.directory.DirectorySnapshot;
import io.kafkamixnet.packet.Geometry;
import io.kafkamixnet.packet.PacketException;
import io.kafkamixnet.packet.Sphinx;
import io.kafkamixnet.packet.Surb;
import io.kafkamixnet.schemas.envelope.PacketEnvelopeCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Service side: turns the reply frames of one answered request into reply packets and produces them.
 * Reply frame j is sealed into a packet with the SURB of request fragment j
 * ({@code Sphinx.createReplyPacket}) and produced to the ingress topic of that SURB's first hop, which
 * must be a mixer the directory lists with role RESPONSE: a SURB never makes the service write to any
 * other topic. Records carry no key and no headers. Every failure completes the waiting futures
 * exceptionally; {@link #send} itself does not throw for a produce problem.
 */
final class ReplyProducer {

    private final Producer<byte[], byte[]> producer;
    private final Sphinx sphinx;
    private final PacketEnvelopeCodec envelopes;
    private final ServiceCounters counters;

    ReplyProducer(Producer<byte[], byte[]> producer, Geometry geometry, ServiceCounters counters) {
        this.producer = producer;
        this.sphinx = new Sphinx(geometry);
        this.envelopes = PacketEnvelopeCodec.forPacketSize(geometry.packetSize());
        this.counters = counters;
    }

    /**
     * Produces {@code reply} through the SURBs of {@code request}. Each future of {@code waiting}
     * completes with {@code success} once the broker acknowledged every reply packet, with
     * {@link Disposition#NO_REPLY_ROUTE} if a SURB names no response mixer of {@code snapshot} (nothing
     * is produced then), or exceptionally if producing failed.
     *
     * @param error whether the reply is an ERROR frame (counted apart)
     */
    void send(
            List<RequestFrame> request,
            List<ReplyFrame> reply,
            boolean error,
            Disposition success,
            DirectorySnapshot snapshot,
            List<CompletableFuture<Disposition>> waiting) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(reply.size());
        for (int j = 0; j < reply.size(); j++) {
            Surb surb;
            try {
                surb = Surb.fromBytes(request.get(j).surb()); // parsed once already in accept()
            } catch (PacketException e) {
                throw new IllegalStateException("a SURB that parsed before no longer parses", e);
            }
            Optional<String> topic = DirectoryRoutes.responseIngress(snapshot, surb.firstHop());
            if (topic.isEmpty()) {
                counters.noReplyRoute.increment();
                waiting.forEach(f -> f.complete(Disposition.NO_REPLY_ROUTE));
                return;
            }
            byte[] packet = sphinx.createReplyPacket(surb, reply.get(j).encode());
            try {
                records.add(
                        IngressProducer.record(producer, topic.get(), packet, envelopes.encode(surb.epoch(), packet)));
            } catch (RuntimeException e) {
                // The partition count of the ingress topic could not be fetched (e.g. a metadata timeout):
                // a failed produce like any other, for every message of the request, not an exception that
                // would leave their futures pending for ever.
                waiting.forEach(f -> f.completeExceptionally(e));
                return;
            }
        }
        AtomicInteger remaining = new AtomicInteger(records.size());
        for (ProducerRecord<byte[], byte[]> r : records) {
            try {
                producer.send(r, (metadata, e) -> {
                    if (e != null) {
                        waiting.forEach(f -> f.completeExceptionally(e));
                    } else {
                        counters.replyPacketsSent.increment();
                        if (remaining.decrementAndGet() == 0) {
                            (error ? counters.errorReplies : counters.replied).increment();
                            waiting.forEach(f -> f.complete(success));
                        }
                    }
                });
            } catch (RuntimeException e) {
                waiting.forEach(f -> f.completeExceptionally(e));
                return;
            }
        }
    }
}
