package io.kafkamixnet.schemas.codec;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoder over one byte array that never allocates more than the input can hold.
 *
 * <p>Why not Avro's {@code BinaryDecoder}: it allocates a {@code bytes}/{@code string} buffer or an
 * array of the length the input <em>claims</em> before it checks that the bytes are there, so seven
 * bytes of garbage can ask for 2 GiB and end in {@code OutOfMemoryError}. A mixer reads untrusted
 * topics and must survive garbage. Here every length is checked against the bytes that remain,
 * and every array or map block count too (each item of every mixnet schema takes at least one
 * byte; schemas whose array items encode to zero bytes, such as an array of null, are not
 * supported by this decoder).
 *
 * <p>Not thread-safe: one instance per decode call.
 */
final class BoundedBinaryDecoder extends Decoder {

    /** The input ended before a value was complete. */
    static final class TruncatedException extends EOFException {
        private static final long serialVersionUID = 1L;

        TruncatedException(String message) {
            super(message);
        }
    }

    /** The input holds a value that is not valid Avro binary. */
    static final class MalformedException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private final byte[] buf;
    private final int limit;
    private int pos;

    BoundedBinaryDecoder(byte[] buf, int offset, int length) {
        if (offset < 0 || length < 0 || offset > buf.length - length) {
            throw new IllegalArgumentException(
                    "range [" + offset + ", " + offset + "+" + length + ") outside array of " + buf.length);
        }
        this.buf = buf;
        this.pos = offset;
        this.limit = offset + length;
    }

    int remaining() {
        return limit - pos;
    }

    @Override
    public void readNull() {
        // null is encoded as zero bytes
    }

    @Override
    public boolean readBoolean() throws IOException {
        int b = readByte();
        if (b == 0) {
            return false;
        }
        if (b == 1) {
            return true;
        }
        throw new MalformedException("boolean byte must be 0 or 1, found " + b);
    }

    @Override
    public int readInt() throws IOException {
        int raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift >= 35) {
                throw new MalformedException("int varint longer than 5 bytes");
            }
            int b = readByte();
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        for (int shift = 0; ; shift += 7) {
            if (shift >= 70) {
                throw new MalformedException("long varint longer than 10 bytes");
            }
            long b = readByte();
            raw |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public float readFloat() throws IOException {
        require(4, "float");
        int bits = (buf[pos] & 0xff)
                | (buf[pos + 1] & 0xff) << 8
                | (buf[pos + 2] & 0xff) << 16
                | (buf[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8, "double");
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (buf[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = readLength("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(buf, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = readLength("string");
        String result = new String(buf, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        int length = readLength("string"); // read first: "pos += readLength()" would lose the varint
        pos += length;
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        // Always a fresh array: decoded records never share or reuse buffers.
        int length = readLength("bytes");
        ByteBuffer result = ByteBuffer.wrap(Arrays.copyOfRange(buf, pos, pos + length));
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        int length = readLength("bytes");
        pos += length;
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        require(length, "fixed");
        System.arraycopy(buf, pos, bytes, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length, "fixed");
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        int index = readInt();
        if (index < 0) {
            throw new MalformedException("negative enum index " + index);
        }
        return index;
    }

    @Override
    public long readArrayStart() throws IOException {
        return readBlockCount("array");
    }

    @Override
    public long arrayNext() throws IOException {
        return readBlockCount("array");
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks("array");
    }

    @Override
    public long readMapStart() throws IOException {
        return readBlockCount("map");
    }

    @Override
    public long mapNext() throws IOException {
        return readBlockCount("map");
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks("map");
    }

    @Override
    public int readIndex() throws IOException {
        int index = readInt();
        if (index < 0) {
            throw new MalformedException("negative union branch index " + index);
        }
        return index;
    }

    private int readByte() throws TruncatedException {
        if (pos >= limit) {
            throw new TruncatedException("input ended inside a varint");
        }
        return buf[pos++] & 0xff;
    }

    private void require(long length, String what) throws IOException {
        if (length < 0) {
            throw new MalformedException("negative " + what + " length " + length);
        }
        if (length > remaining()) {
            throw new TruncatedException(what + " of " + length + " bytes, but only " + remaining() + " bytes remain");
        }
    }

    private int readLength(String what) throws IOException {
        long length = readLong();
        require(length, what);
        return (int) length;
    }

    /** Count of the next block; the optional byte size of a negative-count block is read and checked. */
    private long readBlockCount(String what) throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new MalformedException(what + " block count out of range");
            }
            count = -count;
            long byteSize = readLong();
            require(byteSize, what + " block");
        }
        if (count > remaining()) {
            throw new TruncatedException(
                    what + " block of " + count + " items, but only " + remaining() + " bytes remain");
        }
        return count;
    }

    private long skipBlocks(String what) throws IOException {
        while (true) {
            long count = readLong();
            if (count >= 0) {
                if (count > remaining()) {
                    throw new TruncatedException(
                            what + " block of " + count + " items, but only " + remaining() + " bytes remain");
                }
                return count;
            }
            long byteSize = readLong();
            require(byteSize, what + " block");
            pos += (int) byteSize;
        }
    }
}
