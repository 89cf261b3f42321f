package io.kafkamixnet.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttackReportTest {

    private static AttackResult n1() {
        return new AttackResult(
                "n-1",
                "threshold",
                AttackStrategy.THRESHOLD.mixerProperties(),
                Map.of("mixerDummies", false),
                100,
                99,
                0.2,
                Stats.of(List.of(1, 2)),
                Stats.of(List.of(4, 9)),
                Stats.of(List.of(0.5, 1.0)),
                Map.of("timeouts", 1));
    }

    private static AttackResult timing() {
        return new AttackResult(
                "timing",
                "pool",
                AttackStrategy.POOL.mixerProperties(),
                Map.of("coverRate", 4.0),
                120,
                30.5,
                0.125,
                Stats.of(List.of()),
                Stats.of(List.of(40)),
                Stats.of(List.of()),
                Map.of("entryView", "broker-log-segments"));
    }

    @Test
    void theTableHasOneLinePerResultWithRatesAndDefences() {
        StringWriter out = new StringWriter();
        new AttackReport("embedded", Instant.EPOCH, List.of(n1(), timing())).printTable(new PrintWriter(out));

        String[] lines = out.toString().split("\n");
        assertThat(lines[0]).contains("attack", "strategy", "defence", "success", "base");
        assertThat(lines[1]).contains("n-1", "threshold", "none", "99.0%", "20.0%");
        assertThat(lines[2]).contains("timing", "pool", "cover 4/s", "30.5", "25.4%", "12.5%");
    }

    @Test
    void theJsonRowsCarryEverythingABeforeAndAfterComparisonNeeds() {
        JsonNode root = new AttackReport("embedded", Instant.EPOCH, List.of(n1(), timing())).toJson();

        assertThat(root.get("formatVersion").asInt()).isEqualTo(AttackReport.FORMAT_VERSION);
        JsonNode row = root.get("results").get(0);
        for (String field : List.of(
                "attack",
                "strategy",
                "mixer",
                "defences",
                "trials",
                "successes",
                "successRate",
                "baseRate",
                "rounds",
                "packets",
                "seconds",
                "notes")) {
            assertThat(row.has(field)).as(field).isTrue();
        }
        assertThat(row.get("successRate").asDouble()).isEqualTo(0.99);
        assertThat(row.get("mixer").get("strategy.threshold").asText()).isEqualTo("5");
        assertThat(row.get("rounds").get("max").asDouble()).isEqualTo(2);
        assertThat(root.get("results").get(1).get("defences").get("coverRate").asDouble())
                .isEqualTo(4.0);
    }

    @Test
    void ratesPrintAsTyped() {
        assertThat(AttackReport.formatRate(4.0)).isEqualTo("4");
        assertThat(AttackReport.formatRate(0.5)).isEqualTo("0.5");
        assertThat(AttackReport.formatRate(0)).isEqualTo("0");
    }

    @Test
    void anUnknownBaseRateIsNotShownAsZero() throws Exception {
        AttackResult nothing = new AttackResult(
                "n-1",
                "threshold",
                AttackStrategy.THRESHOLD.mixerProperties(),
                Map.of(),
                2,
                0,
                Double.NaN,
                Stats.of(List.<Integer>of()),
                Stats.of(List.<Integer>of()),
                Stats.of(List.<Double>of()),
                Map.of("timeouts", 2));
        AttackReport report = new AttackReport("embedded", Instant.EPOCH, List.of(nothing));
        StringWriter out = new StringWriter();
        report.printTable(new PrintWriter(out));
        String row = out.toString().split("\n")[1];
        assertThat(List.of(row.trim().split(" +")).subList(6, 10))
                .as("base, rounds, packets, seconds of %s", row)
                .containsOnly("n/a");
        assertThat(row).doesNotContain("NaN");
        assertThat(report.toJson().get("results").get(0).get("baseRate").isNull())
                .isTrue();
    }
}
