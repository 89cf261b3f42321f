package io.kafkamixnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code mixnet broker} refuses a port it cannot use in one line, before any broker starts. */
class BrokerCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = MixnetCommand.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aPortInUseIsOneLineNamingTheAddressAndWhatToDo() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Run r = run("broker", "--port", Integer.toString(port));

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
        Run r = run("broker", "--port", "99999");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).startsWith("mixnet broker: --port must be 0 (a free port) or 1..65535, found 99999");
        Run nodes = run("broker", "--nodes", "3", "--port", "65534");
        assertThat(nodes.exitCode()).isEqualTo(2);
        assertThat(nodes.err()).contains("--port must be 0 (a free port) or 1..65533 (node i takes PORT+i-1)");
    }
}
