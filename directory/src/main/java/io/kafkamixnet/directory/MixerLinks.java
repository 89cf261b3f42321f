package io.kafkamixnet.directory;

import io.kafkamixnet.packet.Geometry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The links a mixer announces in its descriptor: the mixer ids it relays to (its {@code next-hop.<id>}
 * settings; a Relay naming any other id is refused as {@code UNKNOWN_NEXT_HOP}) and the services it
 * delivers requests to (its {@code exit.<service>} settings; an Exit naming any other is refused as
 * {@code UNKNOWN_SERVICE}). Clients build routes only over announced links.
 *
 * <p>Always canonical: both lists strictly ascending in unsigned UTF-8 byte order (so no duplicates
 * and one encoding per content); {@link #of} sorts for you, the canonical constructor (used on what a
 * reader decodes) refuses any other order. At most {@value #MAX_NEXT_HOPS} next hops, each a valid mixer
 * id, and {@value #MAX_EXIT_SERVICES} exit services, each a valid service name: 1..{@link
 * Geometry#MAX_ID_LENGTH} UTF-8 bytes without control characters, the packet format's rule for the
 * ids in Relay and Exit commands.
 *
 * @param nextHops     mixer ids, ascending
 * @param exitServices service names, ascending
 */
public record MixerLinks(List<String> nextHops, List<String> exitServices) {

    /** Most next hops one descriptor may announce (1024 × 59 bytes keeps a descriptor far below 1 MB). */
    public static final int MAX_NEXT_HOPS = 1024;
    /** Most exit services one descriptor may announce. */
    public static final int MAX_EXIT_SERVICES = 256;

    /** Unsigned UTF-8 byte order: what the descriptor's lists are sorted by (not {@link String#compareTo}). */
    public static final Comparator<String> UTF8_ORDER =
            (a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /** @throws IllegalArgumentException naming the list, the entry and the rule it breaks */
    public MixerLinks {
        nextHops = checked("next hop", nextHops, MAX_NEXT_HOPS);
        exitServices = checked("exit service", exitServices, MAX_EXIT_SERVICES);
    }

    /** Links announcing nothing: the mixer is only ever a route's last hop (and never an exit). */
    public static MixerLinks none() {
        return new MixerLinks(List.of(), List.of());
    }

    /**
     * The links of the given next hops and services, in any order.
     *
     * @throws IllegalArgumentException if a name is invalid or repeated, or a list is too long
     */
    public static MixerLinks of(Collection<String> nextHops, Collection<String> exitServices) {
        return new MixerLinks(sorted(nextHops, "nextHops"), sorted(exitServices, "exitServices"));
    }

    /** Whether a Relay to {@code mixerId} is accepted by this mixer. */
    public boolean relaysTo(String mixerId) {
        return Collections.binarySearch(nextHops, mixerId, UTF8_ORDER) >= 0;
    }

    /** Whether an Exit to {@code service} is accepted by this mixer. */
    public boolean exitsTo(String service) {
        return Collections.binarySearch(exitServices, service, UTF8_ORDER) >= 0;
    }

    private static List<String> sorted(Collection<String> names, String what) {
        Objects.requireNonNull(names, what);
        List<String> copy = new ArrayList<>(names.size());
        for (String n : names) {
            copy.add(Objects.requireNonNull(n, what + " must not contain null"));
        }
        copy.sort(UTF8_ORDER);
        return copy;
    }

    private static List<String> checked(String what, List<String> names, int max) {
        Objects.requireNonNull(names, what + "s");
        if (names.size() > max) {
            throw new IllegalArgumentException("expected at most " + max + " " + what + "s, found " + names.size());
        }
        List<String> copy = List.copyOf(names);
        for (int i = 0; i < copy.size(); i++) {
            String name = copy.get(i);
            checkName(what, name);
            if (i > 0 && UTF8_ORDER.compare(copy.get(i - 1), name) >= 0) {
                throw new IllegalArgumentException(what + "s must be strictly ascending in UTF-8 byte order, found "
                        + (UTF8_ORDER.compare(copy.get(i - 1), name) == 0 ? "a repeated name" : "a name out of order")
                        + " at index " + i);
            }
        }
        return copy;
    }

    /** The packet format's rule for ids plus no control characters ({@link DirectoryNames}). */
    static void checkName(String what, String name) {
        DirectoryNames.check(what, name);
    }

    @Override
    public String toString() {
        return "MixerLinks[nextHops=" + nextHops + ", exitServices=" + exitServices + "]";
    }
}
