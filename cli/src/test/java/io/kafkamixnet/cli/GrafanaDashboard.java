package io.kafkamixnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code deploy/grafana/mixnet-dashboard.json} and the metric names its PromQL queries use. */
final class GrafanaDashboard {

    private static final Pattern METRIC = Pattern.compile("\\b((?:mixnet|kafka|jvm|process)_[a-z0-9_]+)\\b");

    private GrafanaDashboard() {}

    static JsonNode read() throws IOException {
        Path file = HandNetwork.deployLocal().getParent().resolve("grafana").resolve("mixnet-dashboard.json");
        return new ObjectMapper().readTree(Files.readString(file));
    }

    /** Every metric name in an {@code expr} of any panel target. */
    static Set<String> metricNames(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        dashboard.findValues("expr").forEach(expr -> {
            Matcher m = METRIC.matcher(expr.asText());
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }
}
