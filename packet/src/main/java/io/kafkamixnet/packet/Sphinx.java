package io.kafkamixnet.packet;

import io.kafkamixnet.packet.internals.Hkdf;
import io.kafkamixnet.packet.internals.HopKeys;
import io.kafkamixnet.packet.internals.Lioness;
import io.kafkamixnet.packet.internals.Primitives;
import io.kafkamixnet.packet.internals.X25519Ops;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sphinx packets (Danezis and Goldberg, 2009) of one {@link Geometry}: forward packets, single-use
 * reply blocks, replies, and the per-hop unwrap a mixer performs. The byte-level format is specified
 * in {@code docs/packet-format.md}.
 *
 * <p>Security contract:
 * <ul>
 *   <li>Every packet has exactly {@link Geometry#packetSize()} bytes; a hop cannot tell its position on
 *       the route, and the packet it forwards is unlinkable to the one it received without its key
 *       (the group element is re-blinded at every hop; header and payload are re-encrypted).</li>
 *   <li>{@link #unwrap} verifies the header MAC before anything else, never throws on bad input, and
 *       reports a typed {@link RejectReason}. At an exit the payload's integrity is verified (any change
 *       to it anywhere on the route is detected); a relay cannot verify the payload, and a tagged
 *       payload fails at the exit or in {@link #openReply}.</li>
 *   <li>The replay tag is a deterministic function of the hop's shared secret: the same packet at the
 *       same key always yields the same tag. Mixers must drop repeated tags within a key epoch.</li>
 *   <li>Stateless and thread-safe; randomness (ephemeral keys, padding, reply keys) comes from the
 *       {@link SecureRandom} given at construction.</li>
 * </ul>
 */
public final class Sphinx {

    private static final int A = Geometry.GROUP_ELEMENT_LENGTH;
    private static final int R = Geometry.PER_HOP_ROUTING_LENGTH;
    private static final int C = Geometry.COMMAND_LENGTH;
    private static final int M = Geometry.MAC_LENGTH;
    private static final int PREFIX = Geometry.PAYLOAD_ZERO_PREFIX;
    private static final int LEN = Geometry.PAYLOAD_LENGTH_FIELD;

    private final Geometry geometry;
    private final SecureRandom random;
    private final int beta;
    private final int headerSize;
    private final int payloadSize;
    private final int packetSize;

    /** Packets of {@code geometry}, with a fresh {@link SecureRandom}. */
    public Sphinx(Geometry geometry) {
        this(geometry, new SecureRandom());
    }

    /** Packets of {@code geometry}, drawing all randomness from {@code random} (fixed for test vectors). */
    public Sphinx(Geometry geometry, SecureRandom random) {
        this.geometry = Objects.requireNonNull(geometry, "geometry");
        this.random = Objects.requireNonNull(random, "random");
        this.beta = geometry.routingInfoSize();
        this.headerSize = geometry.headerSize();
        this.payloadSize = geometry.payloadSize();
        this.packetSize = geometry.packetSize();
    }

    public Geometry geometry() {
        return geometry;
    }

    // ------------------------------------------------------------------------------------------------
    // Client side
    // ------------------------------------------------------------------------------------------------

    /**
     * A forward packet along {@code route} carrying {@code payload}.
     *
     * @param route   1..maxHops hops, all keys of one epoch; every hop but the last has a Relay command,
     *                the last has Exit or Drop
     * @param payload at most {@link Geometry#forwardPayloadCapacity()} bytes
     * @throws IllegalArgumentException if the route or payload does not fit these rules
     */
    public byte[] createForwardPacket(List<Hop> route, byte[] payload) {
        return createTaggedForwardPacket(route, payload).packet();
    }

    /**
     * A forward packet built by {@link #createForwardPacket}, with the replay tag its last hop will
     * compute when it peels the packet ({@link UnwrapResult.Processed#replayTag()}).
     *
     * <p>Why: a mixer that sends a packet along a route ending at itself (a heartbeat loop) recognises
     * it on return by this tag. The tag is a function of the last hop's shared secret, which only the
     * builder and the holder of the last hop's private key can compute: to everyone else (every other
     * hop, the broker) the packet is indistinguishable from any other.
     *
     * @param route   as for {@link #createForwardPacket}
     * @param payload as for {@link #createForwardPacket}
     * @throws IllegalArgumentException as {@link #createForwardPacket}
     */
    public TaggedPacket createTaggedForwardPacket(List<Hop> route, byte[] payload) {
        checkRoute(route, false);
        Objects.requireNonNull(payload, "payload");
        if (payload.length > geometry.forwardPayloadCapacity()) {
            throw new IllegalArgumentException(
                    "payload must be at most " + geometry.forwardPayloadCapacity() + " bytes, found " + payload.length);
        }
        Header h = buildHeader(route);
        byte[] packet = new byte[packetSize];
        System.arraycopy(h.bytes, 0, packet, 0, headerSize);
        encodePayloadBlock(payload, packet, headerSize);
        for (int i = route.size() - 1; i >= 0; i--) {
            Lioness.encrypt(h.payloadKeys[i], packet, headerSize, payloadSize);
        }
        h.destroy();
        return new TaggedPacket(packet, h.lastHopReplayTag);
    }

    /**
     * A single-use reply block along the response route.
     *
     * @param firstHop mixer id of {@code route.get(0)}: where the service sends the reply
     * @param route    1..maxHops hops of response mixers, all keys of one epoch; every hop but the last
     *                 has a Relay command, the last has {@link RoutingCommand.DeliverReply} (whose SURB id
     *                 becomes {@link SurbSecret#id()})
     */
    public SurbBundle createSurb(String firstHop, List<Hop> route) {
        new RoutingCommand.Relay(firstHop); // validates the id
        checkRoute(route, true);
        Header h = buildHeader(route);
        byte[] replyKey = new byte[Surb.REPLY_KEY_LENGTH];
        random.nextBytes(replyKey);
        SurbId id = ((RoutingCommand.DeliverReply)
                        route.get(route.size() - 1).instruction().command())
                .surbId();
        long epoch = route.get(0).key().epoch();
        Surb surb = new Surb(firstHop, epoch, h.bytes, replyKey.clone());
        SurbSecret secret = new SurbSecret(id, epoch, replyKey, h.payloadKeys);
        return new SurbBundle(surb, secret);
    }

    /**
     * The reply packet a service sends to {@link Surb#firstHop()}: the SURB's header and
     * {@code replyPayload} under the SURB's reply key.
     *
     * @param replyPayload at most {@link Geometry#replyPayloadCapacity()} bytes
     * @throws IllegalArgumentException if the SURB belongs to another geometry or the payload is too big
     */
    public byte[] createReplyPacket(Surb surb, byte[] replyPayload) {
        Objects.requireNonNull(surb, "surb");
        Objects.requireNonNull(replyPayload, "replyPayload");
        if (surb.headerSize() != headerSize) {
            throw new IllegalArgumentException(
                    "SURB header must be " + headerSize + " bytes for " + geometry + ", found " + surb.headerSize());
        }
        if (replyPayload.length > geometry.replyPayloadCapacity()) {
            throw new IllegalArgumentException("reply payload must be at most " + geometry.replyPayloadCapacity()
                    + " bytes, found " + replyPayload.length);
        }
        byte[] packet = new byte[packetSize];
        System.arraycopy(surb.header(), 0, packet, 0, headerSize);
        encodePayloadBlock(replyPayload, packet, headerSize);
        byte[] k = surbPayloadKey(surb.replyKey());
        Lioness.encrypt(k, packet, headerSize, payloadSize);
        Arrays.fill(k, (byte) 0);
        return packet;
    }

    /**
     * The reply the service wrote, from the payload block the last response mixer delivered
     * ({@link UnwrapResult.Processed#output()} of its DeliverReply).
     *
     * @throws PacketException if the block has the wrong size, belongs to another SURB, or was modified
     */
    public byte[] openReply(SurbSecret secret, byte[] deliveredPayload) throws PacketException {
        Objects.requireNonNull(secret, "secret");
        if (deliveredPayload == null || deliveredPayload.length != payloadSize) {
            throw new PacketException("expected a delivered reply payload of " + payloadSize + " bytes, found "
                    + (deliveredPayload == null ? "null" : deliveredPayload.length + " bytes"));
        }
        byte[] block = deliveredPayload.clone();
        for (int i = secret.hops() - 1; i >= 0; i--) {
            Lioness.encrypt(secret.hopPayloadKey(i), block, 0, payloadSize);
        }
        byte[] k = surbPayloadKey(secret.replyKey());
        Lioness.decrypt(k, block, 0, payloadSize);
        Arrays.fill(k, (byte) 0);
        byte[] reply = decodePayloadBlock(block, 0);
        Arrays.fill(block, (byte) 0);
        if (reply == null) {
            throw new PacketException(
                    "reply payload failed its integrity check: modified in transit, or not a reply" + " to this SURB");
        }
        return reply;
    }

    // ------------------------------------------------------------------------------------------------
    // Mixer side
    // ------------------------------------------------------------------------------------------------

    /**
     * Peels one layer with {@code key}. Never throws on bad input: a packet of the wrong size, one
     * whose MAC does not verify, one whose command cannot be parsed, or (at an exit) one whose payload
     * fails its integrity check is {@link UnwrapResult.Rejected} with that reason. Costs two X25519
     * scalar multiplications for a relay (shared secret, blinding), one at a terminal hop.
     *
     * @throws IllegalStateException if {@code key} has been destroyed (a programming error, not bad input)
     */
    public UnwrapResult unwrap(MixPrivateKey key, byte[] packet) {
        Objects.requireNonNull(key, "key");
        if (packet == null || packet.length != packetSize) {
            return new UnwrapResult.Rejected(RejectReason.WRONG_SIZE);
        }
        byte[] s = new byte[X25519Ops.LENGTH];
        key.agree(packet, 0, s, 0);
        if (Primitives.isZero(s, 0, s.length)) {
            return new UnwrapResult.Rejected(RejectReason.BAD_MAC); // low-order group element
        }
        HopKeys keys = HopKeys.fromSharedSecret(s);
        Arrays.fill(s, (byte) 0);
        try {
            byte[] mac = new byte[M];
            byte[] macKey = keys.headerMacKey();
            Primitives.hmac(macKey, 0, M, packet, 0, A + beta, mac, 0);
            if (!Primitives.constantTimeEquals(mac, 0, packet, A + beta, M)) {
                return new UnwrapResult.Rejected(RejectReason.BAD_MAC);
            }
            // Decrypt the routing information, extended by one zero slot: the first slot is ours, the
            // rest shifts left by one slot and the keystream over the zero slot becomes the new tail.
            byte[] routing = new byte[beta + R];
            System.arraycopy(packet, A, routing, 0, beta);
            HopKeys.headerStreamXor(keys.headerStream(), routing, 0, beta + R);
            HopInstruction instruction = CommandCodec.decode(routing, 0);
            if (instruction == null || (instruction.command().isTerminal() && !Primitives.isZero(routing, C, M))) {
                return new UnwrapResult.Rejected(RejectReason.MALFORMED_COMMAND);
            }
            byte[] replayTag = keys.replayTag();
            RoutingCommand command = instruction.command();
            if (command instanceof RoutingCommand.Drop) {
                return new UnwrapResult.Processed(replayTag, instruction, new byte[0]);
            }
            if (command instanceof RoutingCommand.Relay) {
                byte[] out = new byte[packetSize];
                byte[] b = keys.blindingScalar();
                X25519Ops.mult(b, packet, 0, out, 0);
                Arrays.fill(b, (byte) 0);
                System.arraycopy(routing, R, out, A, beta);
                System.arraycopy(routing, C, out, A + beta, M);
                System.arraycopy(packet, headerSize, out, headerSize, payloadSize);
                decryptPayload(keys, out, headerSize);
                return new UnwrapResult.Processed(replayTag, instruction, out);
            }
            byte[] block = Arrays.copyOfRange(packet, headerSize, packetSize);
            decryptPayload(keys, block, 0);
            if (command instanceof RoutingCommand.DeliverReply) {
                return new UnwrapResult.Processed(replayTag, instruction, block);
            }
            byte[] plaintext = decodePayloadBlock(block, 0);
            Arrays.fill(block, (byte) 0);
            if (plaintext == null) {
                return new UnwrapResult.Rejected(RejectReason.BAD_PAYLOAD);
            }
            return new UnwrapResult.Processed(replayTag, instruction, plaintext);
        } finally {
            keys.destroy();
        }
    }

    private void decryptPayload(HopKeys keys, byte[] buf, int off) {
        byte[] k = keys.payloadKey();
        Lioness.decrypt(k, buf, off, payloadSize);
        Arrays.fill(k, (byte) 0);
    }

    // ------------------------------------------------------------------------------------------------
    // Header construction
    // ------------------------------------------------------------------------------------------------

    /** A built header and each hop's payload key. */
    private static final class Header {
        final byte[] bytes;
        final byte[][] payloadKeys;
        final byte[] lastHopReplayTag;

        Header(byte[] bytes, byte[][] payloadKeys, byte[] lastHopReplayTag) {
            this.bytes = bytes;
            this.payloadKeys = payloadKeys;
            this.lastHopReplayTag = lastHopReplayTag;
        }

        void destroy() {
            for (byte[] k : payloadKeys) {
                Arrays.fill(k, (byte) 0);
            }
        }
    }

    private Header buildHeader(List<Hop> route) {
        int n = route.size();
        byte[] x = new byte[X25519Ops.LENGTH];
        random.nextBytes(x);
        X25519Ops.clamp(x);

        byte[][] alphas = new byte[n][];
        byte[][] blinding = new byte[n][];
        byte[][] macKeys = new byte[n][];
        byte[][] streams = new byte[n][];
        byte[][] payloadKeys = new byte[n][];
        byte[] lastHopReplayTag = null;
        alphas[0] = X25519Ops.multBase(x);
        for (int i = 0; i < n; i++) {
            // s_i = x * b_0 * ... * b_{i-1} * Y_i: the mixer computes y_i * alpha_i, the same product.
            byte[] p = route.get(i).key().rawBytes();
            byte[] acc = p.clone();
            for (int j = 0; j < i; j++) {
                acc = X25519Ops.mult(blinding[j], acc, 0);
            }
            byte[] s = X25519Ops.mult(x, acc, 0);
            if (Primitives.isZero(s, 0, s.length)) {
                throw new IllegalArgumentException(
                        "the public key of hop " + i + " is not a valid X25519 key" + " (low-order point)");
            }
            HopKeys keys = HopKeys.fromSharedSecret(s);
            Arrays.fill(s, (byte) 0);
            macKeys[i] = keys.headerMacKey();
            byte[] streamKey = keys.headerStream();
            streams[i] = new byte[beta + R];
            HopKeys.headerStreamXor(streamKey, streams[i], 0, beta + R);
            Arrays.fill(streamKey, (byte) 0);
            payloadKeys[i] = keys.payloadKey();
            blinding[i] = keys.blindingScalar();
            if (i == n - 1) {
                lastHopReplayTag = keys.replayTag();
            }
            keys.destroy();
            if (i + 1 < n) {
                alphas[i + 1] = X25519Ops.mult(blinding[i], alphas[i], 0);
            }
        }
        Arrays.fill(x, (byte) 0);

        // Filler: what hops 0..n-2 append to the routing information, pre-computed so that the last
        // hop's MAC covers it. phi_{i+1} = (phi_i || 0^R) XOR stream_i[beta - i*R .. beta + R).
        byte[] filler = new byte[(n - 1) * R];
        for (int i = 0; i < n - 1; i++) {
            int len = (i + 1) * R;
            xor(streams[i], beta - i * R, filler, 0, len);
        }

        // Innermost routing information: last command, random padding, then the filler.
        byte[] routing = new byte[beta];
        CommandCodec.encode(route.get(n - 1).instruction(), routing, 0);
        int fixed = beta - (n - 1) * R;
        if (fixed > R) {
            byte[] pad = new byte[fixed - R];
            random.nextBytes(pad);
            System.arraycopy(pad, 0, routing, R, pad.length);
        }
        xor(streams[n - 1], 0, routing, 0, fixed);
        System.arraycopy(filler, 0, routing, fixed, filler.length);
        byte[] gamma = headerMac(macKeys[n - 1], alphas[n - 1], routing);

        for (int i = n - 2; i >= 0; i--) {
            byte[] next = new byte[beta];
            CommandCodec.encode(route.get(i).instruction(), next, 0);
            System.arraycopy(gamma, 0, next, C, M);
            System.arraycopy(routing, 0, next, R, beta - R);
            xor(streams[i], 0, next, 0, beta);
            routing = next;
            gamma = headerMac(macKeys[i], alphas[i], routing);
        }

        byte[] header = new byte[headerSize];
        System.arraycopy(alphas[0], 0, header, 0, A);
        System.arraycopy(routing, 0, header, A, beta);
        System.arraycopy(gamma, 0, header, A + beta, M);
        for (int i = 0; i < n; i++) {
            Arrays.fill(macKeys[i], (byte) 0);
            Arrays.fill(blinding[i], (byte) 0);
            Arrays.fill(streams[i], (byte) 0);
        }
        return new Header(header, payloadKeys, lastHopReplayTag);
    }

    private static byte[] headerMac(byte[] macKey, byte[] alpha, byte[] routing) {
        byte[] buf = new byte[A + routing.length];
        System.arraycopy(alpha, 0, buf, 0, A);
        System.arraycopy(routing, 0, buf, A, routing.length);
        byte[] mac = new byte[M];
        Primitives.hmac(macKey, 0, M, buf, 0, buf.length, mac, 0);
        return mac;
    }

    private static void xor(byte[] src, int srcOff, byte[] dst, int dstOff, int len) {
        for (int i = 0; i < len; i++) {
            dst[dstOff + i] ^= src[srcOff + i];
        }
    }

    private void checkRoute(List<Hop> route, boolean reply) {
        Objects.requireNonNull(route, "route");
        int n = route.size();
        if (n < 1 || n > geometry.maxHops()) {
            throw new IllegalArgumentException("route must have 1.." + geometry.maxHops() + " hops, found " + n);
        }
        long epoch = route.get(0).key().epoch();
        for (int i = 0; i < n; i++) {
            Hop hop = Objects.requireNonNull(route.get(i), "route hop");
            if (hop.key().epoch() != epoch) {
                throw new IllegalArgumentException("every hop must use keys of one epoch: hop 0 has epoch " + epoch
                        + ", hop " + i + " has epoch " + hop.key().epoch());
            }
            RoutingCommand c = hop.instruction().command();
            if (i < n - 1 && !(c instanceof RoutingCommand.Relay)) {
                throw new IllegalArgumentException("hop " + i + " of " + n + " must be Relay, found "
                        + c.getClass().getSimpleName());
            }
            if (i == n - 1) {
                boolean ok = reply
                        ? c instanceof RoutingCommand.DeliverReply
                        : c instanceof RoutingCommand.Exit || c instanceof RoutingCommand.Drop;
                if (!ok) {
                    throw new IllegalArgumentException("the last hop of a " + (reply ? "reply block" : "forward packet")
                            + " must be " + (reply ? "DeliverReply" : "Exit or Drop") + ", found "
                            + c.getClass().getSimpleName());
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------
    // Payload block: 0^16 || uint32 length || data || 0^(rest)
    // ------------------------------------------------------------------------------------------------

    private void encodePayloadBlock(byte[] data, byte[] dst, int off) {
        int n = data.length;
        dst[off + PREFIX] = (byte) (n >>> 24);
        dst[off + PREFIX + 1] = (byte) (n >>> 16);
        dst[off + PREFIX + 2] = (byte) (n >>> 8);
        dst[off + PREFIX + 3] = (byte) n;
        System.arraycopy(data, 0, dst, off + PREFIX + LEN, n);
    }

    /** The data of a decrypted payload block, or null if its zero prefix, length or padding is wrong. */
    private byte[] decodePayloadBlock(byte[] block, int off) {
        boolean ok = Primitives.isZero(block, off, PREFIX);
        long n = ((block[off + PREFIX] & 0xFFL) << 24)
                | ((block[off + PREFIX + 1] & 0xFFL) << 16)
                | ((block[off + PREFIX + 2] & 0xFFL) << 8)
                | (block[off + PREFIX + 3] & 0xFFL);
        int capacity = payloadSize - PREFIX - LEN;
        if (!ok || n > capacity) {
            return null;
        }
        int start = off + PREFIX + LEN;
        if (!Primitives.isZero(block, start + (int) n, capacity - (int) n)) {
            return null;
        }
        return Arrays.copyOfRange(block, start, start + (int) n);
    }

    private static byte[] surbPayloadKey(byte[] replyKey) {
        byte[] prk = Hkdf.extract(replyKey, 0, replyKey.length);
        byte[] k = Hkdf.expand(prk, Hkdf.LABEL_SURB_PAYLOAD, Lioness.KEY_LENGTH);
        Arrays.fill(prk, (byte) 0);
        return k;
    }
}
