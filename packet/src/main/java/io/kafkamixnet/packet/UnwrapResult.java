package io.kafkamixnet.packet;

import java.util.Objects;

/**
 * The outcome of peeling one layer: {@link Processed} or {@link Rejected}. Never carries key material;
 * {@code toString} shows neither identifiers nor payload bytes.
 */
public sealed interface UnwrapResult permits UnwrapResult.Processed, UnwrapResult.Rejected {

    /**
     * The layer verified.
     *
     * @param replayTag   32 bytes; the same packet under the same key always yields the same tag, so a
     *                    mixer drops a packet whose tag it has seen in this key epoch
     * @param instruction what the packet asks this mixer to do
     * @param output      Relay: the next-hop packet (same size as the input); Exit: the verified plaintext
     *                    payload, exactly the bytes the client passed; DeliverReply: the reply payload
     *                    block ({@link Geometry#payloadSize()} bytes) that the client opens with
     *                    {@link Sphinx#openReply}; Drop: empty
     */
    record Processed(byte[] replayTag, HopInstruction instruction, byte[] output) implements UnwrapResult {
        public Processed {
            Objects.requireNonNull(replayTag, "replayTag");
            Objects.requireNonNull(instruction, "instruction");
            Objects.requireNonNull(output, "output");
        }

        @Override
        public String toString() {
            return "Processed[command=" + instruction.command().getClass().getSimpleName() + ", output=" + output.length
                    + " bytes]";
        }
    }

    /** The packet was refused, for this reason. */
    record Rejected(RejectReason reason) implements UnwrapResult {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
