package io.cqrsrouting.benchmark.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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


    final List<Overhead> overhead = new ArrayList<>();
    final List<Offload> offload = new ArrayList<>();
    final Map<String, Cpu> cpu = new LinkedHashMap<>();
    final List<SweepPoint> sweep = new ArrayList<>();
    double sweepReadPercent = Double.NaN;
    double sweepCap = Double.NaN;

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
    final List<Failover> failover = new ArrayList<>();
    final Map<String, String> primaryShares = new LinkedHashMap<>();

    /**
     * @return per offload trial ({@code target/readPercent}) that let the primary take a share of
     *         the replica reads: the share and how it was chosen
     */
    public Map<String, String> primaryShares() {
        return primaryShares;
    }
    String moveMarkdown = "";
    double failoverTimeoutMillis = Double.NaN;
    Map<String, Object> run = new LinkedHashMap<>();
    String server;

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
    public static Results read(Path dir) throws IOException {
        return ResultsReader.read(dir);
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
}
