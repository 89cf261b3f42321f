package io.kafkamixnet.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report as JSON: summaries, findings and every exit record's entropy, for scripts and for comparing runs. */
public final class JsonReport {

    private JsonReport() {}

    public static void write(AuditReport r, Writer out) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("logDir", r.logDir());
        root.put("from", TextReport.instant(r.from()));
        root.put("to", TextReport.instant(r.to()));
        root.put("recordsRead", r.recordsRead());
        root.put("readMillis", r.readMillis());
        root.put("analyseMillis", r.analyseMillis());
        root.put("endToEnd", stats(r.endToEnd()));
        Map<String, Object> strategies = new LinkedHashMap<>();
        r.perStrategy().forEach((k, v) -> strategies.put(k, stats(v)));
        root.put("perStrategy", strategies);
        List<Object> mixers = new ArrayList<>();
        for (MixerSummary m : r.mixers()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("mixerId", m.mixerId());
            o.put("strategy", m.strategy());
            o.put("role", m.role());
            o.put("ingressTopic", m.ingressTopic());
            o.put("releases", m.releases());
            o.put("flushMin", m.minFlush());
            o.put("flushMedian", num(m.medianFlush()));
            o.put("flushMax", m.maxFlush());
            o.put("singlePacketFlushes", m.singleFlushes());
            o.put("hop", stats(m.hop()));
            o.put("senders", stats(m.senders()));
            o.put("meanDelayMillis", num(m.meanDelayMillis()));
            mixers.add(o);
        }
        root.put("mixers", mixers);
        root.put("findings", r.findings());
        root.put("volumes", volumes(r.volumes()));
        List<Object> exits = new ArrayList<>();
        for (AuditReport.ExitPoint e : r.exits()) {
            exits.add(List.of(e.atMillis(), e.mixerId(), num(e.entropy())));
        }
        root.put("exitEntropy", Map.of("columns", List.of("atMillis", "mixerId", "entropyBits"), "rows", exits));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, root);
    }

    private static Map<String, Object> volumes(VolumeReport v) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("windowMillis", v.windowMillis());
        o.put("alpha", v.alpha());
        o.put("tests", v.tests());
        o.put("perTestLevel", v.perTestLevel());
        o.put("activity", v.activity().stream().map(ActivityPeriod::toString).toList());
        o.put("recordsWithoutProducerId", v.withoutProducerId());
        List<Object> series = new ArrayList<>();
        for (ProducerVolume p : v.series()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("producerId", p.producerId());
            s.put("topic", p.topic());
            s.put("mixerId", p.mixerId());
            s.put("packets", p.packets());
            s.put("firstMillis", p.firstMillis());
            s.put("lastMillis", p.lastMillis());
            s.put("windowStartMillis", p.windowStartMillis());
            s.put("counts", p.counts());
            ProducerVolume.Dispersion d = p.dispersion();
            Map<String, Object> disp = new LinkedHashMap<>();
            disp.put("windows", d.windows());
            disp.put("meanPerWindow", num(d.meanPerWindow()));
            disp.put("indexOfDispersion", num(d.index()));
            disp.put("chiSquare", num(d.chiSquare()));
            disp.put("degreesOfFreedom", d.degreesOfFreedom());
            disp.put("pValue", pValue(d.pValue()));
            disp.put("verdict", d.verdict().name());
            s.put("dispersion", disp);
            ProducerVolume.ActivityComparison a = p.activity();
            if (a != null) {
                Map<String, Object> act = new LinkedHashMap<>();
                act.put("activePackets", a.activePackets());
                act.put("activeSeconds", num(a.activeSeconds()));
                act.put("idlePackets", a.idlePackets());
                act.put("idleSeconds", num(a.idleSeconds()));
                act.put("rateRatio", num(a.rateRatio()));
                act.put("pValue", pValue(a.pValue()));
                act.put("verdict", a.verdict().name());
                s.put("activity", act);
            }
            s.put("verdict", p.verdict().name());
            series.add(s);
        }
        o.put("series", series);
        return o;
    }

    /** p-values keep their magnitude (rounding to 4 decimals would turn 1e-9 into 0). */
    private static Double pValue(double p) {
        return Double.isNaN(p) ? null : p;
    }

    private static Map<String, Object> stats(EntropyStats s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("messages", s.messages());
        o.put("minBits", num(s.min()));
        o.put("medianBits", num(s.median()));
        o.put("meanBits", num(s.mean()));
        o.put("maxBits", num(s.max()));
        o.put("meanEffectiveAnonymitySet", num(s.meanEffectiveSet()));
        o.put("population", s.population());
        o.put("meanDegreeOfAnonymity", num(s.meanDegree()));
        o.put("linkedWithCertainty", num(s.certainShare()));
        return o;
    }

    /** JSON has no NaN: absent values are null. */
    private static Double num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 10000) / 10000.0;
    }
}
