package io.kafkamixnet.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysTest {

    private final DeterministicRandom random = new DeterministicRandom(40);

    /** RFC 7748 section 6.1. */
    @Test
    void x25519KnownAnswer() {
        byte[] alice = HexFormat.of().parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        MixPrivateKey k = MixPrivateKey.fromBytes(1, alice);
        assertThat(HexFormat.of().formatHex(k.publicKey().bytes()))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    }

    @Test
    void keyFilesAreOwnerOnlyAndRoundTrip(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("keys");
        MixPrivateKey k1 = MixPrivateKey.generate(7, random);
        MixPrivateKey k2 = MixPrivateKey.generate(8, random);
        Path f2 = MixKeyFiles.write(dir, k2);
        Path f1 = MixKeyFiles.write(dir, k1);
        assertThat(f1.getFileName().toString()).isEqualTo("mix-7.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f1))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f2))).isEqualTo("rw-------");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("mix-7.key", "mix-8.key");
        }
        List<MixPrivateKey> read = MixKeyFiles.readAll(dir);
        assertThat(read).extracting(MixPrivateKey::epoch).containsExactly(7L, 8L);
        assertThat(read.get(0).publicKey()).isEqualTo(k1.publicKey());
        assertThat(read.get(0).toBytes()).isEqualTo(k1.toBytes());
        assertThatThrownBy(() -> MixKeyFiles.write(dir, k1)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(MixKeyFiles.readAll(tmp.resolve("missing"))).isEmpty();
    }

    @Test
    void keyFilesOthersCanReadAreRefused(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("keys");
        Path f = MixKeyFiles.write(dir, MixPrivateKey.generate(1, random));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("owner only").hasMessageContaining("rw-r--r--");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-x---"));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir)).isInstanceOf(IOException.class).hasMessageContaining("directory");
    }

    @Test
    void malformedKeyFilesAreRefusedWithoutShowingTheKey(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("keys");
        MixPrivateKey k = MixPrivateKey.generate(3, random);
        Path f = MixKeyFiles.write(dir, k);
        String content = Files.readString(f);
        String privB64 = Base64.getEncoder().encodeToString(k.toBytes());
        assertThat(content).contains("format=kafka-mixnet-x25519-private-key-v1", "epoch=3", "private=" + privB64);

        Files.writeString(f, content.replace("epoch=3", "epoch=three"));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir)).isInstanceOf(IOException.class).hasMessageContaining("decimal epoch");
        MixPrivateKey other = MixPrivateKey.generate(3, random);
        Files.writeString(f, content.replace(privB64, Base64.getEncoder().encodeToString(other.toBytes())));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not match").satisfies(e -> assertThat(e.getMessage()).doesNotContain(privB64));
        Files.writeString(f, "format=something-else\n");
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir)).isInstanceOf(IOException.class).hasMessageContaining("format=");
        Files.write(f, "private=!!!\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> MixKeyFiles.readAll(dir)).isInstanceOf(IOException.class).hasMessageContaining("base64");
    }

    @Test
    void toStringsLeakNoSecrets() throws Exception {
        MixPrivateKey k = MixPrivateKey.generate(5, random);
        byte[] priv = k.toBytes();
        String hex = HexFormat.of().formatHex(priv);
        String b64 = Base64.getEncoder().encodeToString(priv);
        assertThat(k.toString()).contains("epoch=5").doesNotContain(hex).doesNotContain(b64)
                .doesNotContain(hex.substring(0, 8));

        TestNetwork net = new TestNetwork(Geometry.defaults(), 41);
        Sphinx sphinx = net.sphinx();
        List<Hop> route = net.route(2, new RoutingCommand.DeliverReply(SurbId.random(net.secure)));
        SurbBundle b = sphinx.createSurb("secret-first-hop", route);
        String secretHex = HexFormat.of().formatHex(b.secret().toBytes());
        String s = b.toString();
        assertThat(s).doesNotContain("secret-first-hop").doesNotContain(secretHex.substring(60, 120));
        assertThat(b.secret().toString()).startsWith("SurbSecret[id=");

        assertThat(new RoutingCommand.Relay("mixer-secret").toString()).doesNotContain("mixer-secret");
        assertThat(new RoutingCommand.Exit("svc-secret").toString()).doesNotContain("svc-secret");
        assertThat(HopInstruction.relay("mixer-secret", 5).toString()).doesNotContain("mixer-secret");
        byte[] p = sphinx.createForwardPacket(net.route(2, new RoutingCommand.Exit("svc-secret")), "hello".getBytes());
        UnwrapResult r = sphinx.unwrap(net.keysOf(net.route(2, new RoutingCommand.Drop())).get(0), p);
        assertThat(r.toString()).doesNotContain("svc-secret");
        b.secret().destroy();
        assertThat(b.secret().isDestroyed()).isTrue();
        assertThatThrownBy(() -> b.secret().toBytes()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void destroyZeroesTheScalar() {
        MixPrivateKey k = MixPrivateKey.generate(5, random);
        String text = k.toString();
        k.destroy();
        assertThat(k.toString()).contains("destroyed");
        assertThatThrownBy(k::publicKey).isInstanceOf(IllegalStateException.class);
        assertThat(text).doesNotContain("destroyed");
    }
}
