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
import java.util.stream.Stream;

/**
 * The numbers of one run, read back from the files it wrote: {@code overhead.json} and
 * {@code offload.json} (JMH), {@code offload-db.jsonl} (database-side counts), {@code failover.json}
 * and {@code run.json} (machine and command).
 */
public final class Results {

    /** JMH results files of the overhead benchmark: {@code overhead-t<threads>-p<pass>.json}. */
    public static final String OVERHEAD_PREFIX = "overhead-";
    /** JMH results file of the overhead allocation pass with escape analysis off. */
    public static final String OVERHEAD_NO_EA_JSON = "overhead-noea.json";
    /** JMH results file of the offload benchmark. */
    public static final String OFFLOAD_JSON = "offload.json";
    /** JMH results file of the offload topology variants (0 and 2 standbys, weighted primary). */
    public static final String OFFLOAD_VARIANTS_JSON = "offload-variants.json";
    /** Run description file. */
    public static final String RUN_JSON = "run.json";

    /**
     * One overhead measurement: one benchmark method, mode and thread count in one pass (or, with
     * {@code escapeAnalysisOff}, in the allocation pass run with {@code -XX:-DoEscapeAnalysis}).
     */
    public record Overhead(String benchmark, String mode, int threads, int pass,
            boolean escapeAnalysisOff, double nsPerOp, double nsError, double bytesPerOp) {
    }

    /**
     * @param threads thread count
     * @param pass pass number, from 1
     * @return the JMH result file name of that pass
     */
    public static String overheadFile(int threads, int pass) {
        return OVERHEAD_PREFIX + "t" + threads + "-p" + pass + ".json";
    }

    /** One offload trial. */
    public record Offload(String target, int readPercent, int threads, double opsPerSec,
            double opsMin, double opsMax, double readsPerSec, double writesPerSec, double replicaReadsPerSec, double errorsPerSec,
            Map<String, Long> transactions) {

        /** @return reads served by replicas as a fraction of reads, NaN if unknown */
        public double replicaShare() {
            return readsPerSec > 0 ? replicaReadsPerSec / readsPerSec : Double.NaN;
        }

        /** @return the primary's share of all transactions the nodes ran, NaN if unknown */
        public double primaryShare() {
            Long p = transactions.get("primary");
            long total = 0;
            for (long v : transactions.values()) {
                if (v < 0) {
                    return Double.NaN;
                }
                total += v;
            }
            return p == null || total == 0 ? Double.NaN : (double) p / total;
        }
    }

    /** One client's recovery in one failover. */
    public record Failover(String topology, int round, double promotionMillis, String client,
            double recoveryMillis, double outageMillis, long failures, String lastError) {
    }

    private static final Pattern PASS = Pattern.compile("-p(\\d+)\\.json$");

    private final List<Overhead> overhead = new ArrayList<>();
    private final List<Offload> offload = new ArrayList<>();
    private final Map<String, Cpu> cpu = new LinkedHashMap<>();
    private final List<SweepPoint> sweep = new ArrayList<>();
    private double sweepReadPercent = Double.NaN;
    private double sweepCap = Double.NaN;

    /** One offered rate of the open-loop sweep. */
    public record SweepPoint(String target, double offered, double achieved, double p50Millis,
            double p99Millis, long errors) {
    }

    /** @return the open-loop sweep's points */
    public List<SweepPoint> sweep() {
        return sweep;
    }

    /** @return the sweep's read share in %, NaN if none */
    public double sweepReadPercent() {
        return sweepReadPercent;
    }

    /** @return the sweep's per-node CPU cap, NaN if none */
    public double sweepCap() {
        return sweepCap;
    }
    private final List<Failover> failover = new ArrayList<>();
    private final Map<String, String> primaryShares = new LinkedHashMap<>();

    /**
     * @return per offload trial ({@code target/readPercent}) that let the primary take a share of
     *         the replica reads: the share and how it was chosen
     */
    public Map<String, String> primaryShares() {
        return primaryShares;
    }
    private String moveMarkdown = "";
    private double failoverTimeoutMillis = Double.NaN;
    private Map<String, Object> run = new LinkedHashMap<>();
    private String server;

    /** @return overhead rows */
    public List<Overhead> overhead() {
        return overhead;
    }

    /** @return offload rows */
    public List<Offload> offload() {
        return offload;
    }

    /** @return the shard-move table (markdown), empty if that suite did not run */
    public String moveMarkdown() {
        return moveMarkdown;
    }

    /** @return failover rows */
    public List<Failover> failover() {
        return failover;
    }

    /** @return the failover harness's wait limit */
    public double failoverTimeoutMillis() {
        return failoverTimeoutMillis;
    }

    /** @return the database server the offload benchmark ran on, or {@code null} */
    public String server() {
        return server;
    }

    /** @return the run description */
    public Map<String, Object> run() {
        return run;
    }

    /**
     * @param dir a results directory
     * @return what it holds
     * @throws IOException if a file cannot be read
     */
    @SuppressWarnings("unchecked")
    public static Results read(Path dir) throws IOException {
        Results r = new Results();
        Path moveFile = dir.resolve("move.md"); // written ready to print by MoveWindowBenchmark
        if (Files.exists(moveFile)) {
            r.moveMarkdown = Files.readString(moveFile);
        }
        Path runFile = dir.resolve(RUN_JSON);
        if (Files.exists(runFile)) {
            r.run = (Map<String, Object>) Json.parse(Files.readString(runFile));
        }
        for (Path file : overheadFiles(dir)) {
            String name = file.getFileName().toString();
            Matcher m = PASS.matcher(name);
            int pass = m.find() ? Integer.parseInt(m.group(1)) : 1;
            boolean noEa = name.equals(OVERHEAD_NO_EA_JSON);
            for (Object o : jmh(file)) {
                String bench = simpleName(String.valueOf(Json.at(o, "benchmark")));
                r.overhead.add(new Overhead(bench, String.valueOf(Json.at(o, "params", "mode")),
                        (int) Json.number(Json.at(o, "threads")), pass, noEa,
                        Json.number(Json.at(o, "primaryMetric", "score")),
                        Json.number(Json.at(o, "primaryMetric", "scoreError")),
                        Json.number(Json.at(o, "secondaryMetrics", "gc.alloc.rate.norm", "score"))));
            }
        }
        Map<String, Map<String, Long>> db = offloadDb(dir.resolve("offload-db.jsonl"), r);
        List<Object> offloadRuns = new ArrayList<>(jmh(dir.resolve(OFFLOAD_JSON)));
        offloadRuns.addAll(jmh(dir.resolve(OFFLOAD_VARIANTS_JSON)));
        for (Object o : offloadRuns) {
            String target = String.valueOf(Json.at(o, "params", "target"));
            int readPercent = (int) Json.number(Json.at(o, "params", "readPercent"));
            Map<String, Long> tx = db.getOrDefault(target + "/" + readPercent, Map.of());
            r.offload.add(new Offload(target, readPercent, (int) Json.number(Json.at(o, "threads")),
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
                r.sweep.add(new SweepPoint(String.valueOf(Json.at(p, "target")),
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
                    r.failover.add(new Failover(String.valueOf(Json.at(round, "topology")),
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

    /**
     * @param dir a results directory
     * @return its overhead result files, sorted by name
     * @throws IOException if the directory cannot be listed
     */
    public static List<Path> overheadFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String n = f.getFileName().toString();
                return n.startsWith(OVERHEAD_PREFIX) && n.endsWith(".json");
            }).sorted().toList();
        }
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
                r.cpu.put(key, new Cpu(Json.number(Json.at(cpu, "cap")),
                        Json.number(Json.at(cpu, "ops")), Json.number(Json.at(cpu, "wallNanos")),
                        Json.number(Json.at(cpu, "clientNanos")), nodes,
                        standbys(Json.number(Json.at(o, "standbys"))),
                        durability == null ? "unknown" : durability.toString(),
                        Boolean.TRUE.equals(Json.at(o, "statsFlushed"))));
            }
        }
        return out;
    }

    /**
     * CPU of one offload trial's measurement iterations, from the nodes' cgroups.
     *
     * @param cap the per-node cap in CPUs, NaN when not capped
     * @param ops operations measured
     * @param wallNanos wall time measured
     * @param clientNanos the benchmark process's CPU time
     * @param nodes per node: {CPU ns, throttled periods}
     * @param standbys the standbys the trial's database had (-1 if unknown)
     * @param durability {@code on} when every node ran with fsync and synchronous_commit on, else
     *        what the nodes reported
     * @param statsFlushed whether every client session had ended before the transaction counters
     *        were read
     */
    public record Cpu(double cap, double ops, double wallNanos, double clientNanos,
            Map<String, double[]> nodes, int standbys, String durability, boolean statsFlushed) {

        /** @return the ceiling the measured costs imply at this throughput, NaN without a cap */
        public double ceiling(double opsPerSec) {
            return Double.isNaN(cap) || cap <= 0 ? Double.NaN : opsPerSec * cap / busiestCpus();
        }

        /**
         * @param node node name
         * @return CPU microseconds per operation on that node, NaN if unknown
         */
        public double microsPerOp(String node) {
            double[] v = nodes.get(node);
            return v == null || ops <= 0 ? Double.NaN : v[0] / 1000 / ops;
        }

        /** @return the busiest node's CPU use in CPUs (CPU seconds per second) */
        public double busiestCpus() {
            double max = Double.NaN;
            for (double[] v : nodes.values()) {
                double cpus = v[0] / wallNanos;
                max = Double.isNaN(max) ? cpus : Math.max(max, cpus);
            }
            return max;
        }
    }

    /**
     * @param target offload target
     * @param readPercent read share
     * @return the CPU record of that trial, or {@code null}
     */
    public Cpu cpu(String target, int readPercent) {
        return cpu.get(target + "/" + readPercent);
    }

    private static int standbys(double v) {
        return Double.isNaN(v) ? -1 : (int) v;
    }

    private static String simpleName(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(dot + 1);
    }
}
