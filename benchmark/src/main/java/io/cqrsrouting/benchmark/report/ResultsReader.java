package io.cqrsrouting.benchmark.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a results directory's files into {@link Results} (see there for the files). */
final class ResultsReader {

    private static final Pattern PASS = Pattern.compile("-p(\\d+)\\.json$");

    private ResultsReader() {
    }

    /**
     * @param dir a results directory
     * @return what it holds
     * @throws IOException if a file cannot be read
     */
    @SuppressWarnings("unchecked")
    static Results read(Path dir) throws IOException {
        Results r = new Results();
        Path moveFile = dir.resolve("move.md"); // written ready to print by MoveWindowBenchmark
        if (Files.exists(moveFile)) {
            r.moveMarkdown = Files.readString(moveFile);
        }
        Path runFile = dir.resolve(Results.RUN_JSON);
        if (Files.exists(runFile)) {
            r.run = (Map<String, Object>) Json.parse(Files.readString(runFile));
        }
        for (Path file : Results.overheadFiles(dir)) {
            String name = file.getFileName().toString();
            Matcher m = PASS.matcher(name);
            int pass = m.find() ? Integer.parseInt(m.group(1)) : 1;
            boolean noEa = name.equals(Results.OVERHEAD_NO_EA_JSON);
            for (Object o : jmh(file)) {
                String bench = simpleName(String.valueOf(Json.at(o, "benchmark")));
                r.overhead.add(new Results.Overhead(bench, String.valueOf(Json.at(o, "params", "mode")),
                        (int) Json.number(Json.at(o, "threads")), pass, noEa,
                        Json.number(Json.at(o, "primaryMetric", "score")),
                        Json.number(Json.at(o, "primaryMetric", "scoreError")),
                        Json.number(Json.at(o, "secondaryMetrics", "gc.alloc.rate.norm", "score"))));
            }
        }
        Map<String, Map<String, Long>> db = offloadDb(dir.resolve("offload-db.jsonl"), r);
        List<Object> offloadRuns = new ArrayList<>(jmh(dir.resolve(Results.OFFLOAD_JSON)));
        offloadRuns.addAll(jmh(dir.resolve(Results.OFFLOAD_VARIANTS_JSON)));
        for (Object o : offloadRuns) {
            String target = String.valueOf(Json.at(o, "params", "target"));
            int readPercent = (int) Json.number(Json.at(o, "params", "readPercent"));
            Map<String, Long> tx = db.getOrDefault(target + "/" + readPercent, Map.of());
            r.offload.add(new Results.Offload(target, readPercent, (int) Json.number(Json.at(o, "threads")),
                    Json.number(Json.at(o, "primaryMetric", "score")),
                    rawExtreme(o, true), rawExtreme(o, false),
                    Json.number(Json.at(o, "secondaryMetrics", "reads", "score")),
                    Json.number(Json.at(o, "secondaryMetrics", "writes", "score")),
                    Json.number(Json.at(o, "secondaryMetrics", "replicaReads", "score")),
                    Json.number(Json.at(o, "secondaryMetrics", "errors", "score")), tx));
        }
        Path sw = dir.resolve("sweep.json");
        if (Files.exists(sw)) {
            Object root = Json.parse(Files.readString(sw, StandardCharsets.UTF_8));
            r.sweepReadPercent = Json.number(Json.at(root, "readPercent"));
            r.sweepCap = Json.number(Json.at(root, "cpuCap"));
            for (Object p : (List<Object>) Json.at(root, "points")) {
                r.sweep.add(new Results.SweepPoint(String.valueOf(Json.at(p, "target")),
                        Json.number(Json.at(p, "offered")), Json.number(Json.at(p, "achieved")),
                        Json.number(Json.at(p, "p50Millis")), Json.number(Json.at(p, "p99Millis")),
                        (long) Json.number(Json.at(p, "errors"))));
            }
        }
        Path fo = dir.resolve("failover.json");
        if (Files.exists(fo)) {
            Object root = Json.parse(Files.readString(fo, StandardCharsets.UTF_8));
            r.failoverTimeoutMillis = Json.number(Json.at(root, "timeoutMillis"));
            for (Object round : (List<Object>) Json.at(root, "rounds")) {
                for (Object c : (List<Object>) Json.at(round, "clients")) {
                    Object err = Json.at(c, "lastError");
                    r.failover.add(new Results.Failover(String.valueOf(Json.at(round, "topology")),
                            (int) Json.number(Json.at(round, "round")),
                            Json.number(Json.at(round, "promotionMillis")),
                            String.valueOf(Json.at(c, "client")),
                            Json.number(Json.at(c, "recoveryMillis")),
                            Json.number(Json.at(c, "outageMillis")),
                            (long) Json.number(Json.at(c, "failures")),
                            err == null ? null : err.toString()));
                }
            }
        }
        return r;
    }

    /** The lowest or highest measurement iteration of a JMH result's primary metric. */
    @SuppressWarnings("unchecked")
    private static double rawExtreme(Object result, boolean min) {
        Object raw = Json.at(result, "primaryMetric", "rawData");
        double best = Double.NaN;
        if (raw instanceof List) {
            for (Object fork : (List<Object>) raw) {
                if (fork instanceof List) {
                    for (Object v : (List<Object>) fork) {
                        double d = Json.number(v);
                        if (Double.isNaN(best) || (min ? d < best : d > best)) {
                            best = d;
                        }
                    }
                }
            }
        }
        return best;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> jmh(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return List.of();
        }
        return (List<Object>) Json.parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Long>> offloadDb(Path file, Results r)
            throws IOException {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            Object o = Json.parse(line);
            if (Json.at(o, "server") != null) {
                r.server = String.valueOf(Json.at(o, "server"));
            }
            Map<String, Long> tx = new LinkedHashMap<>();
            Object t = Json.at(o, "transactions");
            if (t instanceof Map) {
                ((Map<String, Object>) t).forEach((k, v) -> tx.put(k, (long) Json.number(v)));
            }
            String key = Json.at(o, "target") + "/" + (int) Json.number(Json.at(o, "readPercent"));
            double share = Json.number(Json.at(o, "primaryReadShare"));
            if (share > 0) {
                r.primaryShares.put(key, String.format(java.util.Locale.ROOT, "%.2f; %s", share,
                        Json.at(o, "primaryReadShareHow")));
            }
            out.put(key, tx);
            Object cpu = Json.at(o, "cpu");
            if (cpu instanceof Map) {
                Map<String, double[]> nodes = new LinkedHashMap<>();
                Object n = Json.at(cpu, "nodes");
                if (n instanceof Map) {
                    ((Map<String, Object>) n).forEach((k, v) -> nodes.put(k, new double[] {
                            Json.number(Json.at(v, "nanos")), Json.number(Json.at(v, "throttled"))}));
                }
                Object durability = Json.at(o, "durability");
                r.cpu.put(key, new Results.Cpu(Json.number(Json.at(cpu, "cap")),
                        Json.number(Json.at(cpu, "ops")), Json.number(Json.at(cpu, "wallNanos")),
                        Json.number(Json.at(cpu, "clientNanos")), nodes,
                        standbys(Json.number(Json.at(o, "standbys"))),
                        durability == null ? "unknown" : durability.toString(),
                        Boolean.TRUE.equals(Json.at(o, "statsFlushed"))));
            }
        }
        return out;
    }

    private static int standbys(double v) {
        return Double.isNaN(v) ? -1 : (int) v;
    }

    private static String simpleName(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(dot + 1);
    }
}
