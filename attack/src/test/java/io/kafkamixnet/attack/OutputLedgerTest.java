package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputLedgerTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theOneOutputThatIsNotOwnIsForeign() {
        OutputLedger ledger = new OutputLedger();
        for (int i = 0; i < 4; i++) {
            ledger.registerOwn(b("attacker:" + i));
        }
        ledger.observe(new ExitObservation(0, 10, b("attacker:2")));
        ledger.observe(new ExitObservation(1, 10, b("honest:0:7")));
        ledger.observe(new ExitObservation(2, 10, b("attacker:0")));
        ledger.observe(new ExitObservation(3, 10, b("attacker:1")));
        ledger.observe(new ExitObservation(4, 10, b("attacker:3")));

        assertThat(ledger.total()).isEqualTo(5);
        assertThat(ledger.foreignCount()).isEqualTo(1);
        assertThat(ledger.foreignFrom(0))
                .singleElement()
                .satisfies(o -> assertThat(o.carries(b("honest:0:7"))).isTrue());
        assertThat(ledger.foreignFrom(1)).isEmpty();
    }

    @Test
    void anOwnPayloadSeenTwiceIsForeignTheSecondTime() {
        // A replayed or duplicated copy of the attacker's packet is not one it sent: counting it as own
        // would hide a foreign output.
        OutputLedger ledger = new OutputLedger();
        ledger.registerOwn(b("attacker:0"));
        ledger.observe(new ExitObservation(0, 10, b("attacker:0")));
        ledger.observe(new ExitObservation(1, 11, b("attacker:0")));

        assertThat(ledger.foreignCount()).isEqualTo(1);
    }

    @Test
    void aRoundEndsWhenTheOutputHasBeenQuiet() throws InterruptedException {
        OutputLedger ledger = new OutputLedger();
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            ledger.observe(new ExitObservation(0, 1, b("x")));
        });
        writer.start();
        ledger.awaitRound(0, 100, 10_000);
        writer.join();

        assertThat(ledger.total()).isEqualTo(1);
    }

    @Test
    void aRoundWithoutOutputEndsAtItsMaximum() throws InterruptedException {
        OutputLedger ledger = new OutputLedger();
        long start = System.nanoTime();
        ledger.awaitRound(0, 50, 200);

        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(190);
        assertThat(ledger.total()).isZero();
    }
}
