package io.kafkamixnet.packet;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test-only: mixers with keys, and random routes and commands over them. */
final class TestNetwork {

    static final long EPOCH = 42;
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_.é日本🙂";

    final Geometry geometry;
    final List<MixPrivateKey> keys = new ArrayList<>();
    final DeterministicRandom secure;
    final Random random;

    TestNetwork(Geometry geometry, long seed) {
        this.geometry = geometry;
        this.secure = new DeterministicRandom(seed);
        this.random = new Random(seed);
        for (int i = 0; i < geometry.maxHops(); i++) {
            keys.add(MixPrivateKey.generate(EPOCH, secure));
        }
    }

    Sphinx sphinx() {
        return new Sphinx(geometry, secure);
    }

    /** A random id of 1..58 UTF-8 bytes, with multi-byte characters. */
    String randomId() {
        int target = 1 + random.nextInt(Geometry.MAX_ID_LENGTH);
        StringBuilder sb = new StringBuilder();
        while (true) {
            int cp = ALPHABET.codePointAt(
                    ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length()))));
            String next = sb.toString() + new String(Character.toChars(cp));
            if (next.getBytes(StandardCharsets.UTF_8).length > target) {
                return sb.length() == 0 ? "m" : sb.toString();
            }
            sb.appendCodePoint(cp);
        }
    }

    long randomDelay() {
        return switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> HopInstruction.MAX_DELAY_MILLIS;
            default -> random.nextLong() & HopInstruction.MAX_DELAY_MILLIS;
        };
    }

    /** A route over mixers 0..n-1 (in a random order) ending in {@code last}. */
    List<Hop> route(int n, RoutingCommand last) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, random);
        List<Hop> route = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RoutingCommand c = i < n - 1 ? new RoutingCommand.Relay(randomId()) : last;
            route.add(new Hop(keys.get(order.get(i)).publicKey(), new HopInstruction(randomDelay(), c)));
        }
        return route;
    }

    List<MixPrivateKey> keysOf(List<Hop> route) {
        List<MixPrivateKey> out = new ArrayList<>();
        for (Hop h : route) {
            out.add(keys.stream()
                    .filter(k -> k.publicKey().equals(h.key()))
                    .findFirst()
                    .orElseThrow());
        }
        return out;
    }

    RoutingCommand randomForwardTerminal() {
        return random.nextInt(4) == 0 ? new RoutingCommand.Drop() : new RoutingCommand.Exit(randomId());
    }

    byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Unwraps along the route, asserting every hop processes; returns each hop's result. */
    static List<UnwrapResult.Processed> walk(Sphinx sphinx, List<MixPrivateKey> keys, byte[] packet) {
        List<UnwrapResult.Processed> results = new ArrayList<>();
        byte[] p = packet;
        for (int i = 0; i < keys.size(); i++) {
            UnwrapResult r = sphinx.unwrap(keys.get(i), p);
            if (!(r instanceof UnwrapResult.Processed pr)) {
                throw new AssertionError("hop " + i + " of " + keys.size() + " rejected: " + r);
            }
            results.add(pr);
            p = pr.output();
        }
        return results;
    }
}
