package io.kafkamixnet.attack;

import io.kafkamixnet.admin.ClientSettings;
import io.kafkamixnet.schemas.ExitMessage;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.util.function.Consumer;

/**
 * Reads the mixer's single-partition exit topic from the beginning with {@code read_committed} on a
 * thread of its own and hands every record, in offset order, to a listener — the adversary's view of
 * the mixer's output. A record that is not an exit message is reported with an empty payload.
 */
public final class ExitTap implements AutoCloseable {

    private final AvroCodec<ExitMessage> exits = AvroCodec.of(ExitMessage.class);
    private final TopicTap tap;

    /** Starts reading {@code topic} partition 0 at once. */
    public ExitTap(ClientSettings cluster, String topic, Consumer<ExitObservation> listener) {
        this.tap = new TopicTap(
                cluster,
                topic,
                "mixnet-attack-exit-tap",
                r -> listener.accept(new ExitObservation(r.offset(), r.timestamp(), payloadOf(r.value()))));
    }

    private byte[] payloadOf(byte[] value) {
        if (value == null) {
            return new byte[0];
        }
        try {
            return AvroCodec.copyBytes(exits.decode(value).getPayload());
        } catch (RuntimeException e) {
            return new byte[0];
        }
    }

    @Override
    public void close() {
        tap.close();
    }
}
