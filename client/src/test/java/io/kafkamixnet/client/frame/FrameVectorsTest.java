package io.kafkamixnet.client.frame;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kafkamixnet.client.DelayDistribution;
import io.kafkamixnet.client.internals.PendingRequests;
import io.kafkamixnet.client.internals.RequestPacker;
import io.kafkamixnet.client.testing.TestMixers;
import io.kafkamixnet.packet.Sphinx;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Checks the committed {@code frame-vectors.json} from the file alone: every frame decodes to the listed
 * fields and the listed fields encode to the frame; every message's fragments reassemble to the message
 * in any arrival order; and splits the SDK never makes are accepted by the client's reply path
 * ({@link PendingRequests}) like the SDK's own. (The service's request path is checked with such a split
 * by {@code MixnetServiceResponderTest}.) Set {@code -Dmixnet.regenerateFrameVectors=true} to rewrite the
 * file first, after an intended frame change.
 */
class FrameVectorsTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final boolean REGENERATE = Boolean.getBoolean("mixnet.regenerateFrameVectors");

    @Test
    void theCommittedFileIsWhatTheGeneratorWrites() throws Exception {
        assertThat(committed())
                .as("frame-vectors.json equals FrameVectors.generate(); regenerate with"
                        + " -Dmixnet.regenerateFrameVectors=true and review the diff")
                .isEqualTo(FrameVectors.generate());
    }

    @Test
    void everyRequestFrameDecodesToItsFieldsAndItsFieldsEncodeToIt() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(committed());
        assertThat(doc.get("requests")).hasSize(4);
        for (JsonNode message : doc.get("requests")) {
            List<FragmentData> parts = new ArrayList<>();
            for (JsonNode f : message.get("fragments")) {
                byte[] bytes = hex(f, "frame");
                RequestFrame decoded = RequestFrame.decode(bytes, FrameVectors.LIMITS);
                assertThat(decoded.messageId().bytes()).isEqualTo(hex(f, "messageId"));
                assertThat(decoded.index()).isEqualTo(f.get("index").intValue());
                assertThat(decoded.count()).isEqualTo(f.get("count").intValue());
                assertThat(decoded.totalLength()).isEqualTo(f.get("totalLength").intValue());
                assertThat(decoded.surb()).isEqualTo(hex(f, "surb"));
                assertThat(decoded.data()).isEqualTo(hex(f, "data"));
                RequestFrame fromFields = new RequestFrame(
                        MessageId.of(hex(f, "messageId")),
                        f.get("index").intValue(),
                        f.get("count").intValue(),
                        f.get("totalLength").intValue(),
                        hex(f, "surb"),
                        hex(f, "data"));
                assertThat(fromFields.encode()).isEqualTo(bytes);
                parts.add(new FragmentData(decoded.index(), decoded.count(), decoded.totalLength(), decoded.data()));
            }
            assertReassemblesInAnyOrder(message.get("name").asText(), parts, hex(message, "message"));
        }
    }

    @Test
    void everyReplyFrameDecodesToItsFieldsAndItsFieldsEncodeToIt() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(committed());
        assertThat(doc.get("replies")).hasSize(4);
        for (JsonNode message : doc.get("replies")) {
            List<FragmentData> parts = new ArrayList<>();
            for (JsonNode f : message.get("fragments")) {
                byte[] bytes = hex(f, "frame");
                ReplyFrame decoded = ReplyFrame.decode(bytes, FrameVectors.LIMITS);
                assertThat(decoded.messageId().bytes()).isEqualTo(hex(f, "messageId"));
                assertThat(decoded.index()).isEqualTo(f.get("index").intValue());
                assertThat(decoded.count()).isEqualTo(f.get("count").intValue());
                assertThat(decoded.status().code()).isEqualTo(f.get("status").intValue());
                assertThat(decoded.status().name())
                        .isEqualTo(message.get("status").asText());
                assertThat(decoded.totalLength()).isEqualTo(f.get("totalLength").intValue());
                assertThat(decoded.data()).isEqualTo(hex(f, "data"));
                ReplyFrame fromFields = new ReplyFrame(
                        MessageId.of(hex(f, "messageId")),
                        f.get("index").intValue(),
                        f.get("count").intValue(),
                        ReplyStatus.fromCode(f.get("status").intValue()),
                        f.get("totalLength").intValue(),
                        hex(f, "data"));
                assertThat(fromFields.encode()).isEqualTo(bytes);
                parts.add(new FragmentData(decoded.index(), decoded.count(), decoded.totalLength(), decoded.data()));
            }
            assertReassemblesInAnyOrder(message.get("name").asText(), parts, hex(message, "message"));
        }
    }

    @Test
    void theClientAcceptsAReplySplitTheSdkNeverMakes() throws Exception {
        TestMixers mixers = TestMixers.now(2, 1);
        SecureRandom random = new SecureRandom();
        RequestPacker packer = new RequestPacker(
                new Sphinx(TestMixers.geometry(), random),
                mixers.schedule(),
                2,
                1,
                DelayDistribution.zero(),
                DelayDistribution.zero(),
                random);
        for (FrameVectors.ReplyCase c : FrameVectors.replies()) {
            List<ReplyFrame> frames = FrameVectors.frames(c);
            // A request of as many fragments (and SURBs) as the reply has fragments.
            RequestPacker.Packed packed =
                    packer.pack(mixers.snapshot(), System.currentTimeMillis(), "echo", new byte[1], frames.size());
            PendingRequests pending = new PendingRequests(10, 100);
            CompletableFuture<byte[]> future = new CompletableFuture<>();
            PendingRequests.Pending p =
                    pending.register(frames.get(0).messageId(), packed.secrets(), Long.MAX_VALUE, future);
            List<ReplyFrame> reversed = new ArrayList<>(frames);
            Collections.reverse(reversed);
            PendingRequests.ReplyOutcome last = null;
            for (ReplyFrame f : reversed) {
                last = pending.accept(p, f);
            }
            if (c.status() == ReplyStatus.OK) {
                assertThat(last).as(c.name()).isInstanceOf(PendingRequests.Completed.class);
                assertThat(((PendingRequests.Completed) last).reply())
                        .as(c.name())
                        .isEqualTo(c.message());
            } else {
                assertThat(last).as(c.name()).isInstanceOf(PendingRequests.Failed.class);
                assertThat(((PendingRequests.Failed) last).error())
                        .hasMessageContaining(new String(c.message(), StandardCharsets.UTF_8));
            }
        }
    }

    private record FragmentData(int index, int count, int total, byte[] data) {}

    /** Forward, reverse and rotated orders all give the message. */
    private static void assertReassemblesInAnyOrder(String name, List<FragmentData> parts, byte[] message)
            throws FrameException {
        for (int rotation = 0; rotation < parts.size(); rotation++) {
            for (boolean reverse : new boolean[] {false, true}) {
                List<FragmentData> order = new ArrayList<>(parts);
                Collections.rotate(order, rotation);
                if (reverse) {
                    Collections.reverse(order);
                }
                FragmentAssembly a =
                        new FragmentAssembly(order.get(0).count(), order.get(0).total());
                for (FragmentData f : order) {
                    a.add(f.index(), f.count(), f.total(), f.data());
                }
                assertThat(a.isComplete()).as(name).isTrue();
                assertThat(a.assemble()).as(name).isEqualTo(message);
            }
        }
    }

    private static byte[] hex(JsonNode node, String field) {
        assertThat(node.get(field)).as("field " + field).isNotNull();
        return HEX.parseHex(node.get(field).asText());
    }

    private String committed() throws Exception {
        if (REGENERATE) { // rewrite the source file; the class-path copy is stale until the next build
            Files.writeString(FrameVectors.FILE, FrameVectors.generate(), StandardCharsets.UTF_8);
            return Files.readString(FrameVectors.FILE, StandardCharsets.UTF_8);
        }
        try (InputStream in = getClass().getResourceAsStream("/frame-vectors.json")) {
            assertThat(in).as("frame-vectors.json on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
