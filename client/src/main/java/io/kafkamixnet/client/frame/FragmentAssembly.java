package io.kafkamixnet.client.frame;

import java.util.Arrays;

/**
 * The fragments of one message received so far, in index order. Not thread-safe: its owner
 * synchronises.
 *
 * <p>Every fragment must agree with the first on the fragment count and the total length; the data
 * received may never exceed the total length, and a complete message must have exactly that many
 * bytes. A repeated index is reported as a duplicate and changes nothing.
 */
public final class FragmentAssembly {

    /** What an {@link #add} did. */
    public enum Added {
        NEW,
        DUPLICATE,
        COMPLETE
    }

    private final int count;
    private final int totalLength;
    private final byte[][] parts;
    private int received;
    private int receivedBytes;

    public FragmentAssembly(int count, int totalLength) {
        RequestFrame.checkIndex(0, count);
        if (totalLength < 0) {
            throw new IllegalArgumentException("total length must be >= 0, found " + totalLength);
        }
        this.count = count;
        this.totalLength = totalLength;
        this.parts = new byte[count][];
    }

    /**
     * Adds fragment {@code index}.
     *
     * @throws FrameException if the fragment disagrees with the message (count, total length, or more
     *                        data than the total length, or a complete message of the wrong length)
     */
    public Added add(int index, int fragmentCount, int fragmentTotal, byte[] data) throws FrameException {
        if (fragmentCount != count || fragmentTotal != totalLength) {
            throw new FrameException("fragment says " + fragmentCount + " fragments of " + fragmentTotal
                    + " bytes in total, the message's first fragment said " + count + " of " + totalLength);
        }
        if (index < 0 || index >= count) {
            throw new FrameException("expected fragment index 0.." + (count - 1) + ", found " + index);
        }
        if (parts[index] != null) {
            return Added.DUPLICATE;
        }
        if ((long) receivedBytes + data.length > totalLength) {
            throw new FrameException("fragments carry more than the total length of " + totalLength + " bytes");
        }
        if (received == count - 1 && receivedBytes + data.length != totalLength) {
            throw new FrameException("complete message has " + (receivedBytes + data.length)
                    + " bytes, its total length says " + totalLength);
        }
        parts[index] = data;
        received++;
        receivedBytes += data.length;
        return received == count ? Added.COMPLETE : Added.NEW;
    }

    public boolean isComplete() {
        return received == count;
    }

    public int count() {
        return count;
    }

    public int totalLength() {
        return totalLength;
    }

    public int receivedFragments() {
        return received;
    }

    public int receivedBytes() {
        return receivedBytes;
    }

    /** The message: the fragments' data in index order. */
    public byte[] assemble() {
        if (!isComplete()) {
            throw new IllegalStateException("message has " + received + " of " + count + " fragments");
        }
        byte[] out = new byte[totalLength];
        int off = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, off, p.length);
            off += p.length;
        }
        return out;
    }

    /** Overwrites the buffered data (after use, or when the message is dropped). */
    public void wipe() {
        for (byte[] p : parts) {
            if (p != null) {
                Arrays.fill(p, (byte) 0);
            }
        }
    }

    /**
     * Splits {@code data} into {@code fragments} slices of at most {@code perFragment} bytes, filling
     * them in order: all but the last non-empty slice are full, and slices after the data ends are empty
     * (they exist to carry more SURBs).
     */
    public static byte[][] split(byte[] data, int fragments, int perFragment) {
        RequestFrame.checkIndex(0, fragments);
        if (perFragment < 1 || (long) fragments * perFragment < data.length) {
            throw new IllegalArgumentException(
                    data.length + " bytes do not fit in " + fragments + " fragments of " + perFragment + " bytes");
        }
        byte[][] out = new byte[fragments][];
        for (int i = 0; i < fragments; i++) {
            int from = Math.min(data.length, i * perFragment);
            int to = Math.min(data.length, from + perFragment);
            out[i] = Arrays.copyOfRange(data, from, to);
        }
        return out;
    }
}
