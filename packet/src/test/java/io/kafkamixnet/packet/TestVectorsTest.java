package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.bouncycastle.math.ec.rfc7748.X25519;
import org.junit.jupiter.api.Test;

/**
 * Recomputes every value of the committed test vectors from the keys and randomness recorded in the
 * file alone, and fails on any difference. Set -Dmixnet.regenerateTestVectors=true to rewrite the
 * file first (after an intended format change).
 */
class TestVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    @SuppressWarnings("unchecked")
    private static <T> T get(Object o, String key) {
        Object v = ((Map<String, Object>) o).get(key);
        if (v == null) {
            throw new AssertionError("test vectors: missing field " + key);
        }
        return (T) v;
    }

    private static byte[] hex(Object o, String key) {
        return HEX.parseHex(TestVectorsTest.<String>get(o, key));
    }

    @Test
    void committedVectorsAreReproducedExactly() throws Exception {
        if (Boolean.getBoolean("mixnet.regenerateTestVectors")) {
            Files.writeString(TestVectors.FILE, TestVectors.generate(), StandardCharsets.UTF_8);
        }
        String text;
        if (Boolean.getBoolean("mixnet.regenerateTestVectors")) {
            text = Files.readString(TestVectors.FILE, StandardCharsets.UTF_8); // the class-path copy is stale
        } else {
            try (var in = getClass().getResourceAsStream("/test-vectors.json")) {
                assertThat(in).as("test-vectors.json on the test class path").isNotNull();
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        if (!Boolean.getBoolean("mixnet.regenerateTestVectors")) {
            assertThat(text).as("generator output equals the committed file").isEqualTo(TestVectors.generate());
        }
        Object doc = Json.parse(text);
        Object geo = get(doc, "geometry");
        Geometry g = Geometry.of(
                TestVectorsTest.<Long>get(geo, "maxHops").intValue(),
                TestVectorsTest.<Long>get(geo, "packetSize").intValue());
        assertThat(g.headerSize())
                .isEqualTo(TestVectorsTest.<Long>get(geo, "headerSize").intValue());
        assertThat(g.payloadSize())
                .isEqualTo(TestVectorsTest.<Long>get(geo, "payloadSize").intValue());

        List<MixPrivateKey> mixes = new ArrayList<>();
        for (Object m : TestVectorsTest.<List<Object>>get(doc, "mixes")) {
            MixPrivateKey k = MixPrivateKey.fromBytes(TestVectorsTest.<Long>get(m, "epoch"), hex(m, "privateKey"));
            assertThat(k.publicKey().bytes()).isEqualTo(hex(m, "publicKey"));
            mixes.add(k);
        }

        List<Object> forward = get(doc, "forward");
        assertThat(forward).hasSize(g.maxHops() + 1);
        for (Object v : forward) {
            List<Object> route = get(v, "route");
            List<byte[]> script = new ArrayList<>(List.of(hex(v, "ephemeralSecret")));
            if (hex(v, "padding").length > 0) {
                script.add(hex(v, "padding"));
            }
            Sphinx sphinx = new Sphinx(g, new ScriptedRandom(script));
            byte[] packet = sphinx.createForwardPacket(route(route, mixes), hex(v, "payload"));
            assertThat(HEX.formatHex(packet))
                    .as(TestVectorsTest.<String>get(v, "description"))
                    .isEqualTo(get(v, "packet"));
            byte[] last = checkHops(sphinx, mixes, route, get(v, "hops"), packet);
            String lastCommand = get(route.get(route.size() - 1), "command");
            assertThat(last).isEqualTo(lastCommand.equals("drop") ? new byte[0] : hex(v, "payload"));
        }

        List<Object> partitions = get(doc, "ingressPartitions");
        assertThat(partitions).hasSize(forward.size());
        for (Object ip : partitions) {
            byte[] packet = new byte[g.packetSize()];
            System.arraycopy(hex(ip, "alpha"), 0, packet, 0, 32);
            for (int n : TestVectors.PARTITION_COUNTS) {
                assertThat((long) PartitionBinding.partitionFor(packet, n))
                        .isEqualTo(TestVectorsTest.<Long>get(ip, "of" + n));
            }
        }

        Object s = get(doc, "surb");
        List<Object> route = get(s, "route");
        Sphinx client = new Sphinx(
                g, new ScriptedRandom(List.of(hex(s, "ephemeralSecret"), hex(s, "padding"), hex(s, "replyKey"))));
        SurbBundle bundle = client.createSurb(get(s, "firstHop"), route(route, mixes));
        assertThat(bundle.secret().id().toHex()).isEqualTo(get(s, "surbId"));
        assertThat(HEX.formatHex(bundle.surb().toBytes())).isEqualTo(get(s, "surb"));
        byte[] replyPacket = client.createReplyPacket(Surb.fromBytes(hex(s, "surb")), hex(s, "replyPayload"));
        assertThat(HEX.formatHex(replyPacket)).isEqualTo(get(s, "replyPacket"));
        byte[] delivered = checkHops(client, mixes, route, get(s, "hops"), replyPacket);
        assertThat(client.openReply(bundle.secret(), delivered)).isEqualTo(hex(s, "replyPayload"));
    }

    private static List<Hop> route(List<Object> route, List<MixPrivateKey> mixes) {
        List<Hop> r = new ArrayList<>();
        for (Object h : route) {
            long delay = get(h, "delayMillis");
            String command = get(h, "command");
            RoutingCommand c = switch (command) {
                case "relay" -> new RoutingCommand.Relay(get(h, "id"));
                case "exit" -> new RoutingCommand.Exit(get(h, "id"));
                case "deliverReply" -> new RoutingCommand.DeliverReply(SurbId.fromHex(get(h, "surbId")));
                case "drop" -> new RoutingCommand.Drop();
                default -> throw new AssertionError("unknown command " + command);
            };
            r.add(new Hop(
                    mixes.get(TestVectorsTest.<Long>get(h, "mix").intValue()).publicKey(),
                    new HopInstruction(delay, c)));
        }
        return r;
    }

    private static byte[] checkHops(
            Sphinx sphinx, List<MixPrivateKey> mixes, List<Object> route, List<Object> hops, byte[] packet) {
        assertThat(hops).hasSize(route.size());
        List<Hop> expected = route(route, mixes);
        byte[] p = packet;
        for (int i = 0; i < hops.size(); i++) {
            Object h = hops.get(i);
            MixPrivateKey key =
                    mixes.get(TestVectorsTest.<Long>get(route.get(i), "mix").intValue());
            assertThat(HEX.formatHex(p, 0, 32)).as("alpha at hop %d", i).isEqualTo(get(h, "alpha"));
            byte[] secret = new byte[32];
            X25519.scalarMult(key.toBytes(), 0, p, 0, secret, 0);
            assertThat(secret).as("shared secret at hop %d", i).isEqualTo(hex(h, "sharedSecret"));
            UnwrapResult.Processed r = (UnwrapResult.Processed) sphinx.unwrap(key, p);
            assertThat(r.replayTag()).as("replay tag at hop %d", i).isEqualTo(hex(h, "replayTag"));
            assertThat(r.instruction()).isEqualTo(expected.get(i).instruction());
            byte[] slot = new byte[Geometry.COMMAND_LENGTH];
            CommandCodec.encode(r.instruction(), slot, 0);
            assertThat(slot).as("command slot at hop %d", i).isEqualTo(hex(h, "commandSlot"));
            assertThat(HEX.formatHex(r.output())).as("output of hop %d", i).isEqualTo(get(h, "output"));
            p = r.output();
        }
        return p;
    }
}
