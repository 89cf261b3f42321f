package io.kafkamixnet.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.kafkamixnet.packet.MixPrivateKey;
import io.kafkamixnet.schemas.DescriptorSignatures;
import io.kafkamixnet.schemas.EpochKey;
import io.kafkamixnet.schemas.MixerDescriptor;
import io.kafkamixnet.schemas.MixerRole;
import io.kafkamixnet.schemas.SignedDescriptor;
import io.kafkamixnet.schemas.codec.AvroCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every field of a descriptor is validated when it is read, also when a trusted identity signs it: one
 * case per kind of bad field, each signed correctly by a trusted signer, encoded with the real codec and
 * offered to the reader's rule. Each must be MALFORMED, counted, and leave the mixer's earlier good
 * descriptor in place; the next good descriptor is still accepted.
 */
class DescriptorValidationTest {

    private static final AvroCodec<MixerDescriptor> DESCRIPTOR = AvroCodec.of(MixerDescriptor.class);
    private static final String DIRECTORY_TOPIC = "mixnet-directory";
    private static final long HOUR = Fixtures.SCHEDULE.epochLength().toMillis();
    private static final long GRACE = Fixtures.SCHEDULE.grace().toMillis();

    private final MixerIdentity trusted = MixerIdentity.generate();

    /** One bad field: a name, how to spoil a good descriptor, and a fragment the rejection must name. */
    private record BadField(String name, Consumer<MixerDescriptor> spoil, String expectedMessage) {}

    private static List<BadField> badFields() {
        List<BadField> cases = new ArrayList<>();
        // Epoch keys: the X25519 point.
        cases.add(new BadField(
                "all-zero epoch key", d -> firstKey(d).setPublicKey(buffer(new byte[32])), "usable X25519"));
        cases.add(new BadField(
                "low-order epoch key (u = 1)",
                d -> firstKey(d)
                        .setPublicKey(buffer(hex("0100000000000000000000000000000000000000000000000000000000000000"))),
                "usable X25519"));
        cases.add(new BadField(
                "low-order epoch key (order 8)",
                d -> firstKey(d)
                        .setPublicKey(buffer(hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800"))),
                "usable X25519"));
        cases.add(new BadField(
                "low-order epoch key (u = p - 1)",
                d -> firstKey(d)
                        .setPublicKey(buffer(hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"))),
                "usable X25519"));
        cases.add(new BadField(
                "non-canonical epoch key (top bit set)",
                d -> {
                    byte[] k = bytes(firstKey(d).getPublicKey());
                    k[31] |= (byte) 0x80;
                    firstKey(d).setPublicKey(buffer(k));
                },
                "usable X25519"));
        cases.add(new BadField(
                "epoch key of 31 bytes", d -> firstKey(d).setPublicKey(buffer(new byte[31])), "32 bytes, found 31"));
        cases.add(new BadField(
                "one key for two epochs",
                d -> d.getEpochKeys()
                        .get(1)
                        .setPublicKey(buffer(bytes(firstKey(d).getPublicKey()))),
                "its own key"));
        // Epoch keys: numbers and validity.
        cases.add(new BadField("negative epoch", d -> d.setEpochKeys(List.of(key(-1))), "epoch numbers must be >= 0"));
        cases.add(new BadField(
                "validity of another epoch",
                d -> {
                    EpochKey k = firstKey(d);
                    k.setValidFromMillis(k.getValidFromMillis() + HOUR);
                    k.setValidUntilMillis(k.getValidUntilMillis() + HOUR);
                    k.setGraceUntilMillis(k.getGraceUntilMillis() + HOUR);
                },
                "must start at epoch x length"));
        cases.add(new BadField(
                "validity before its start",
                d -> firstKey(d).setValidUntilMillis(firstKey(d).getValidFromMillis()),
                "validUntilMillis must be after"));
        cases.add(new BadField(
                "grace ending before validity",
                d -> firstKey(d).setGraceUntilMillis(firstKey(d).getValidUntilMillis() - 1),
                "graceUntilMillis must be at least"));
        cases.add(
                new BadField("epoch shorter than a second", d -> d.setEpochKeys(List.of(key(5, 999, 0))), "must last"));
        cases.add(new BadField(
                "epoch longer than a year", d -> d.setEpochKeys(List.of(key(0, 367L * 24 * HOUR, 0))), "must last"));
        cases.add(new BadField(
                "grace as long as the epoch", d -> d.setEpochKeys(List.of(key(5, HOUR, HOUR))), "grace of epoch 5"));
        cases.add(new BadField(
                "keys on two schedules",
                d -> d.setEpochKeys(List.of(key(100, HOUR, GRACE), key(202, HOUR / 2, GRACE))),
                "one schedule"));
        cases.add(new BadField(
                "epoch whose start overflows",
                d -> {
                    EpochKey k = key(5, 1000, 0);
                    k.setEpoch(Long.MAX_VALUE / 2);
                    d.setEpochKeys(List.of(k));
                },
                "must start at epoch x length"));
        cases.add(new BadField(
                "epochs out of order", d -> d.setEpochKeys(List.of(key(101), key(100))), "strictly ascending"));
        cases.add(new BadField("no epoch key", d -> d.setEpochKeys(List.of()), "found 0"));
        cases.add(new BadField(
                "nine epoch keys",
                d -> {
                    List<EpochKey> nine = new ArrayList<>();
                    for (int e = 0; e < 9; e++) {
                        nine.add(key(100 + e));
                    }
                    d.setEpochKeys(nine);
                },
                "at most 8 epoch keys, found 9"));
        // Topic names.
        cases.add(new BadField(
                "ingress topic with a space", d -> d.setIngressTopic("bad topic"), "legal Kafka topic name"));
        cases.add(new BadField("ingress topic '..'", d -> d.setIngressTopic(".."), "legal Kafka topic name"));
        cases.add(new BadField(
                "ingress topic of 250 characters", d -> d.setIngressTopic("t".repeat(250)), "legal Kafka topic name"));
        cases.add(new BadField("empty ingress topic", d -> d.setIngressTopic(""), "legal Kafka topic name"));
        cases.add(new BadField(
                "ingress topic non-ASCII", d -> d.setIngressTopic("mix\u00e9-in"), "legal Kafka topic name"));
        cases.add(new BadField(
                "Kafka-internal ingress topic", d -> d.setIngressTopic("__consumer_offsets"), "Kafka-internal"));
        cases.add(new BadField(
                "Streams changelog as ingress", d -> d.setIngressTopic("mixer-a-pool-changelog"), "Streams internal"));
        cases.add(new BadField(
                "the directory topic as ingress", d -> d.setIngressTopic(DIRECTORY_TOPIC), "other than the directory"));
        // Strategy summary.
        cases.add(new BadField(
                "summary with a terminal escape", d -> d.setStrategySummary("\u001b[2Jpool"), "control characters"));
        cases.add(new BadField(
                "summary with a bidi override", d -> d.setStrategySummary("pool\u202e(t=1s)"), "printable ASCII"));
        cases.add(new BadField(
                "summary that is not name(key=value)", d -> d.setStrategySummary("pool(t=1s"), "printable ASCII"));
        cases.add(new BadField("summary of 257 characters", d -> d.setStrategySummary("s".repeat(257)), "at most 256"));
        // Identity, id, times.
        cases.add(new BadField("empty mixer id", d -> d.setMixerId(""), "1..58 UTF-8 bytes, found 0"));
        cases.add(new BadField("mixer id of 59 bytes", d -> d.setMixerId("m".repeat(59)), "found 59"));
        cases.add(new BadField("mixer id with a newline", d -> d.setMixerId("mixer\na"), "control characters"));
        cases.add(new BadField(
                "negative publication time", d -> d.setPublishedAtMillis(-1L), "publishedAtMillis must be >= 0"));
        cases.add(new BadField("negative sequence", d -> d.setSequence(-7L), "sequence must be >= 0"));
        cases.add(new BadField(
                "identity key of 33 bytes", d -> d.setIdentityKey(buffer(new byte[33])), "identity key must have 32"));
        // Links (MixerDescriptor v2): names, counts, canonical order, both or neither, no exits on RESPONSE.
        cases.add(new BadField("empty next hop", d -> links(d, List.of(""), List.of()), "next hop must have 1..58"));
        cases.add(new BadField("next hop of 59 bytes", d -> links(d, List.of("m".repeat(59)), List.of()), "found 59"));
        cases.add(new BadField(
                "next hop with a newline",
                d -> links(d, List.of("mixer\nb"), List.of()),
                "without control characters"));
        cases.add(new BadField(
                "next hops out of order", d -> links(d, List.of("mixer-c", "mixer-b"), List.of()), "out of order"));
        cases.add(new BadField(
                "next hops in String order, not UTF-8 byte order",
                d -> links(d, List.of("\ud83d\ude00", "\uff21"), List.of()),
                "out of order"));
        cases.add(new BadField(
                "next hop twice", d -> links(d, List.of("mixer-b", "mixer-b"), List.of()), "a repeated name"));
        cases.add(new BadField("1025 next hops", d -> links(d, names("m", 1025), List.of()), "at most 1024 next hops"));
        cases.add(new BadField("empty exit service", d -> links(d, List.of(), List.of("")), "exit service must have"));
        cases.add(new BadField(
                "exit service of 59 bytes", d -> links(d, List.of(), List.of("s".repeat(59))), "found 59"));
        cases.add(new BadField(
                "exit service with an escape",
                d -> links(d, List.of(), List.of("echo\u001b[2J")),
                "without control characters"));
        cases.add(new BadField(
                "exit service twice", d -> links(d, List.of(), List.of("echo", "echo")), "a repeated name"));
        cases.add(new BadField(
                "257 exit services", d -> links(d, List.of(), names("s", 257)), "256 exit services, found 0 and 257"));
        cases.add(new BadField(
                "next hops without exit services", d -> d.setNextHops(List.of("mixer-b")), "both be present"));
        cases.add(new BadField(
                "exit services without next hops", d -> d.setExitServices(List.of("echo")), "both be present"));
        cases.add(new BadField(
                "a RESPONSE mixer announcing an exit",
                d -> {
                    d.setRole(MixerRole.RESPONSE);
                    links(d, List.of("mixer-b"), List.of("echo"));
                },
                "must announce no exit services"));
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyBadFieldIsMalformedEvenFromATrustedSigner() {
        return badFields().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    DirectoryState state =
                            new DirectoryState(TrustPolicy.trusting(List.of(trusted.publicKey())), DIRECTORY_TOPIC);
                    MixerInfo good = Fixtures.info(trusted, "mixer-a", 1);
                    state.offer(key("mixer-a"), DescriptorCodec.signAndEncode(trusted, good));

                    MixerDescriptor bad =
                            DescriptorCodec.toAvro(good.toBuilder().sequence(2).build());
                    c.spoil().accept(bad);
                    // Record key: the (spoiled) mixer id when it is one, so only the bad field can be the reason.
                    String recordKey = bad.getMixerId().toString().isEmpty()
                            ? "mixer-a"
                            : bad.getMixerId().toString();
                    DescriptorRejectedException e = catchThrowableOfType(
                            () -> state.offer(key(recordKey), signRaw(trusted, bad)),
                            DescriptorRejectedException.class);

                    assertThat(e).as("expected a rejection").isNotNull();
                    assertThat(e.reason()).isEqualTo(Rejection.MALFORMED);
                    assertThat(e.getMessage()).contains(c.expectedMessage());
                    assertThat(state.rejectedCounts()).containsEntry("MALFORMED", 1L);
                    assertThat(state.snapshot().all()).containsExactly(good);

                    MixerInfo next = good.toBuilder().sequence(3).build();
                    state.offer(key("mixer-a"), DescriptorCodec.signAndEncode(trusted, next));
                    assertThat(state.snapshot().all()).containsExactly(next);
                }));
    }

    /** The untouched descriptor passes every check: the cases above fail for their own field only. */
    @TestFactory
    Stream<DynamicTest> theUnspoiledDescriptorIsAccepted() {
        return Stream.of(
                        "pool(t=1s,nMin=10,f=0.5)",
                        "timed(t=250ms)",
                        "threshold(n=100,maxWait=1h)",
                        "test",
                        "",
                        "pool(t=1s,nMin=0,f=1.0E-4)")
                .map(summary -> DynamicTest.dynamicTest("summary '" + summary + "'", () -> {
                    DirectoryState state =
                            new DirectoryState(TrustPolicy.trusting(List.of(trusted.publicKey())), DIRECTORY_TOPIC);
                    MixerDescriptor d = DescriptorCodec.toAvro(Fixtures.info(trusted, "mixer-a", 1));
                    d.setStrategySummary(summary);
                    assertThat(state.offer(key("mixer-a"), signRaw(trusted, d)).strategySummary())
                            .isEqualTo(summary);
                }));
    }

    /** Announced links, and the links read back, for descriptors that pass: any, none, or not announced. */
    @TestFactory
    Stream<DynamicTest> announcedLinksAreReadBackExactly() {
        return Stream.of(
                        Optional.of(MixerLinks.of(
                                List.of("mixer-c", "mixer-b", "\ud83d\ude00", "\uff21"), List.of("echo"))),
                        Optional.of(MixerLinks.of(names("m", 1024), names("s", 256))),
                        Optional.of(MixerLinks.none()),
                        Optional.<MixerLinks>empty())
                .map(links -> DynamicTest.dynamicTest(
                        links.map(l -> l.nextHops().size() + " next hops, "
                                        + l.exitServices().size() + " exits")
                                .orElse("not announced"),
                        () -> {
                            DirectoryState state = new DirectoryState(
                                    TrustPolicy.trusting(List.of(trusted.publicKey())), DIRECTORY_TOPIC);
                            MixerInfo info = Fixtures.info(trusted, "mixer-a", 1).toBuilder()
                                    .links(links)
                                    .build();
                            MixerInfo read = state.offer(key("mixer-a"), DescriptorCodec.signAndEncode(trusted, info));
                            assertThat(read.links()).isEqualTo(links);
                            assertThat(read).isEqualTo(info);
                        }));
    }

    @org.junit.jupiter.api.Test
    void linksAreSortedInUtf8ByteOrderWhateverTheInputOrder() {
        MixerLinks links = MixerLinks.of(List.of("\uff21", "b", "\ud83d\ude00", "a"), List.of("z", "echo"));
        // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) in UTF-8, after it in String.compareTo.
        assertThat(links.nextHops()).containsExactly("a", "b", "\uff21", "\ud83d\ude00");
        assertThat(links.exitServices()).containsExactly("echo", "z");
        assertThat(links.relaysTo("b")).isTrue();
        assertThat(links.relaysTo("c")).isFalse();
        assertThat(links.exitsTo("echo")).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MixerLinks.of(List.of("a", "a"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a repeated name at index 1");
    }

    private static void links(MixerDescriptor d, List<String> nextHops, List<String> exitServices) {
        d.setNextHops(nextHops);
        d.setExitServices(exitServices);
    }

    private static List<String> names(String prefix, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    private static EpochKey firstKey(MixerDescriptor d) {
        return d.getEpochKeys().get(0);
    }

    /** A fresh key for {@code epoch} on the fixtures' schedule. */
    private static EpochKey key(long epoch) {
        return key(epoch, HOUR, GRACE);
    }

    /** A fresh key for {@code epoch} on a schedule of {@code length} ms and {@code grace} ms (validFrom = epoch x length). */
    private static EpochKey key(long epoch, long length, long grace) {
        long from = Math.multiplyExact(Math.max(epoch, 0), length);
        return EpochKey.newBuilder()
                .setEpoch(epoch)
                .setPublicKey(buffer(MixPrivateKey.generate(epoch, Fixtures.RANDOM)
                        .publicKey()
                        .bytes()))
                .setValidFromMillis(from)
                .setValidUntilMillis(from + length)
                .setGraceUntilMillis(from + length + grace)
                .build();
    }

    /** What a trusted signer with a bug (or a trusted operator gone bad) can write: any content, correctly signed. */
    private static byte[] signRaw(MixerIdentity signer, MixerDescriptor descriptor) {
        byte[] bytes = DESCRIPTOR.encode(descriptor);
        SignedDescriptor signed = SignedDescriptor.newBuilder()
                .setDescriptor(buffer(bytes))
                .setSignature(buffer(signer.sign(DescriptorSignatures.signedMessage(bytes))))
                .setIdentityKey(buffer(signer.publicKey()))
                .build();
        return DescriptorCodec.encode(signed);
    }

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h);
    }
}
