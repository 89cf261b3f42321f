package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code mixnet broker} refuses a port it cannot use in one line, before any broker starts. */
class BrokerCommandTest {

    private static CommandRun run(String... args) {
        return CommandRun.of(args);
    }

    @Test
    void aPortInUseIsOneLineNamingTheAddressAndWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            CommandRun r = run("broker", "--port", Integer.toString(port));

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err().lines())
                    .as(r.err())
                    .singleElement()
                    .asString()
                    .startsWith("mixnet broker: cannot listen on 127.0.0.1:" + port + " (--port " + port + "): ")
                    .contains("Expected a free port");
            assertThat(r.out()).isEmpty();
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageErrorNamingTheOption() {
        CommandRun r = run("broker", "--port", "99999");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("mixnet broker: --port must be 0 (a free port) or 1..65535, found 99999");
        CommandRun nodes = run("broker", "--nodes", "3", "--port", "65534");
        assertThat(nodes.exitCode()).isEqualTo(2);
        assertThat(nodes.err()).contains("--port must be 0 (a free port) or 1..65533 (node i takes PORT+i-1)");
    }
}
