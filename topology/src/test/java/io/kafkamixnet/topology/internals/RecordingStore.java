package io.kafkamixnet.topology.internals;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An in-memory key-value store that also records every write in order: what its changelog would
 * carry. For testing the sealed pool without a topology.
 */
final class RecordingStore implements KeyValueStore<Bytes, byte[]> {

    /** One changelog record: a put (value set) or a delete (value null). */
    record Write(Bytes key, byte[] value) {
        boolean isDelete() {
            return value == null;
        }
    }

    private final String name;
    private final TreeMap<Bytes, byte[]> data = new TreeMap<>();
    final List<Write> log = new ArrayList<>();

    RecordingStore(String name) {
        this.name = name;
    }

    /** The writes since the last call, and forgets them. */
    List<Write> drain() {
        List<Write> out = List.copyOf(log);
        log.clear();
        return out;
    }

    Map<Bytes, byte[]> contents() {
        return new TreeMap<>(data);
    }

    @Override
    public void put(Bytes key, byte[] value) {
        log.add(new Write(key, value));
        if (value == null) {
            data.remove(key);
        } else {
            data.put(key, value);
        }
    }

    @Override
    public byte[] putIfAbsent(Bytes key, byte[] value) {
        byte[] old = data.get(key);
        if (old == null) {
            put(key, value);
        }
        return old;
    }

    @Override
    public void putAll(List<KeyValue<Bytes, byte[]>> entries) {
        entries.forEach(kv -> put(kv.key, kv.value));
    }

    @Override
    public byte[] delete(Bytes key) {
        byte[] old = data.get(key);
        put(key, null);
        return old;
    }

    @Override
    public byte[] get(Bytes key) {
        return data.get(key);
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> range(Bytes from, Bytes to) {
        return iterator(data.subMap(from, true, to, true));
    }

    @Override
    public KeyValueIterator<Bytes, byte[]> all() {
        return iterator(data);
    }

    private static KeyValueIterator<Bytes, byte[]> iterator(Map<Bytes, byte[]> view) {
        Iterator<Map.Entry<Bytes, byte[]>> it = new ArrayList<>(view.entrySet()).iterator();
        return new KeyValueIterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public KeyValue<Bytes, byte[]> next() {
                Map.Entry<Bytes, byte[]> e = it.next();
                return KeyValue.pair(e.getKey(), e.getValue());
            }

            @Override
            public void close() {}

            @Override
            public Bytes peekNextKey() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public long approximateNumEntries() {
        return data.size();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {}

    @Override
    public void close() {}

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }
}
