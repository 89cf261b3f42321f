package io.kafkamixnet.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * What the client keeps to open the reply to one SURB: its id, the key epoch of the reply route, the
 * reply key the service used and the payload key of every response hop.
 *
 * <p>Security contract: whoever holds it can read the reply, so the client stores it like a private
 * key, drops it once the reply is opened or the epoch expires, and may {@link #destroy()} it.
 * {@code toString} shows only the id, epoch and hop count.
 *
 * <p>Persistence form ({@link #toBytes()}; local to the client, not a wire format):
 * {@code 0x01 || id (16) || epoch (8) || n (1) || replyKey (32) || n * hop payload key (128)}.
 */
public final class SurbSecret implements Destroyable {

    static final byte VERSION = 0x01;
    private static final int FIXED = 1 + SurbId.LENGTH + 8 + 1 + Surb.REPLY_KEY_LENGTH;
    static final int HOP_KEY_LENGTH = 128;

    private final SurbId id;
    private final long epoch;
    private final byte[] replyKey;
    private final byte[][] hopPayloadKeys;
    private volatile boolean destroyed;

    SurbSecret(SurbId id, long epoch, byte[] replyKey, byte[][] hopPayloadKeys) {
        this.id = Objects.requireNonNull(id);
        this.epoch = epoch;
        this.replyKey = replyKey;
        this.hopPayloadKeys = hopPayloadKeys;
    }

    public SurbId id() {
        return id;
    }

    /** Key epoch of the reply route: once the network drops that epoch's keys, the SURB is dead. */
    public long epoch() {
        return epoch;
    }

    /** Number of response hops. */
    public int hops() {
        return hopPayloadKeys.length;
    }

    byte[] replyKey() {
        checkNotDestroyed();
        return replyKey;
    }

    byte[] hopPayloadKey(int i) {
        checkNotDestroyed();
        return hopPayloadKeys[i];
    }

    public byte[] toBytes() {
        checkNotDestroyed();
        ByteBuffer b = ByteBuffer.allocate(FIXED + hopPayloadKeys.length * HOP_KEY_LENGTH);
        b.put(VERSION)
                .put(id.bytes())
                .putLong(epoch)
                .put((byte) hopPayloadKeys.length)
                .put(replyKey);
        for (byte[] k : hopPayloadKeys) {
            b.put(k);
        }
        return b.array();
    }

    public static SurbSecret fromBytes(byte[] bytes) throws PacketException {
        if (bytes == null || bytes.length < FIXED + HOP_KEY_LENGTH) {
            throw new PacketException("a SURB secret has at least " + (FIXED + HOP_KEY_LENGTH) + " bytes, found "
                    + (bytes == null ? "null" : bytes.length));
        }
        if (bytes[0] != VERSION) {
            throw new PacketException("expected SURB secret version " + VERSION + ", found " + bytes[0]);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.get();
        byte[] id = new byte[SurbId.LENGTH];
        b.get(id);
        long epoch = b.getLong();
        int n = b.get() & 0xFF;
        if (n < 1 || n > Geometry.MAX_SUPPORTED_HOPS || bytes.length != FIXED + n * HOP_KEY_LENGTH) {
            throw new PacketException("SURB secret of " + bytes.length + " bytes does not match its hop count " + n);
        }
        byte[] replyKey = new byte[Surb.REPLY_KEY_LENGTH];
        b.get(replyKey);
        byte[][] keys = new byte[n][HOP_KEY_LENGTH];
        for (byte[] k : keys) {
            b.get(k);
        }
        return new SurbSecret(SurbId.of(id), epoch, replyKey, keys);
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(replyKey, (byte) 0);
        for (byte[] k : hopPayloadKeys) {
            Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    private void checkNotDestroyed() {
        if (destroyed) {
            throw new IllegalStateException("this SurbSecret has been destroyed");
        }
    }

    @Override
    public String toString() {
        return "SurbSecret[id=" + id + ", epoch=" + epoch + ", hops=" + hopPayloadKeys.length
                + (destroyed ? ", destroyed" : "") + "]";
    }
}
