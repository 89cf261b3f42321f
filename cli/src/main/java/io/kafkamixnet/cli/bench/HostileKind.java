package io.kafkamixnet.cli.bench;

import io.kafkamixnet.topology.RejectionReason;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A kind of hostile ingress record a flooder can send a mixer, and the one rejection reason the mixer
 * must give every record of the kind. Declared in the order of the mixer's checks (docs/mixing.md,
 * "Processing one packet"), cheapest first.
 */
public enum HostileKind {
    /** Random bytes of 1 to the largest envelope length: not a {@code PacketEnvelope}. */
    GARBAGE("garbage", RejectionReason.UNDECODABLE_RECORD, "random bytes, 1 to packet size + 64"),
    /** Random bytes longer than any envelope, still within the ingress topic's record size limit. */
    OVERSIZED("oversized", RejectionReason.WRONG_SIZE, "random bytes, packet size + 65 to 8 KiB"),
    /** A well-formed envelope around a packet of half the packet size. */
    UNDERSIZED("undersized", RejectionReason.WRONG_SIZE, "a valid envelope around a half-size packet"),
    /** A well-formed envelope of format version 2 around a packet-size block. */
    UNKNOWN_VERSION(
            "unknown-version", RejectionReason.UNSUPPORTED_FORMAT_VERSION, "formatVersion 2, packet-size block"),
    /** A packet-size block on its bound partition under an epoch 1000 epochs ahead. */
    UNKNOWN_EPOCH("unknown-epoch", RejectionReason.UNKNOWN_EPOCH, "epoch +1000, on its bound partition"),
    /** A real Sphinx packet produced to a partition other than the one it is bound to. */
    WRONG_PARTITION("wrong-partition", RejectionReason.WRONG_PARTITION, "real packet, next partition over"),
    /** A real Sphinx packet with one bit of its routing header flipped, on its bound partition. */
    BAD_MAC("bad-mac", RejectionReason.BAD_MAC, "real packet, one header bit flipped"),
    /** A second copy of a real relay packet the mixer already accepted (the originals are not timed). */
    REPLAY("replay", RejectionReason.REPLAY, "second copy of an accepted relay packet");

    private final String label;
    private final RejectionReason expected;
    private final String description;

    HostileKind(String label, RejectionReason expected, String description) {
        this.label = label;
        this.expected = expected;
        this.description = description;
    }

    /** The name on the command line, in the table and in the JSON document. */
    public String label() {
        return label;
    }

    /** The reason every record of this kind must be dead-lettered with. */
    public RejectionReason expectedReason() {
        return expected;
    }

    /** What the records of this kind are, in a few words. */
    public String description() {
        return description;
    }

    /**
     * The kind labelled {@code label} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the accepted labels if none matches
     */
    public static HostileKind parse(String label) {
        String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (HostileKind k : values()) {
            if (k.label.equals(wanted)) {
                return k;
            }
        }
        throw new IllegalArgumentException("expected a record kind among " + labels() + ", found '" + label + "'");
    }

    /** Every label, comma-separated, in check order. */
    public static String labels() {
        return Arrays.stream(values()).map(HostileKind::label).collect(Collectors.joining(", "));
    }
}
