package io.cqrsrouting.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Command-line options of {@link Main}. */
final class RunOptions {

    static final List<String> SUITES = List.of("overhead", "offload", "sweep", "failover", "shard", "move");

    static final String USAGE = """
            usage: java -jar benchmark/target/benchmarks.jar [options]
                   java -jar benchmark/target/benchmarks.jar jmh [JMH options]   (plain JMH runner)

            Runs the routing-overhead, read-offload and failover benchmarks, then writes the JMH
            JSON, results.md (tables) and results.svg (chart) into the output directory.

              --smoke                 tiny iterations, one failover round: checks that everything
                                      runs (CI); the numbers mean nothing
              --only LIST             comma-separated subset of: overhead, offload, sweep, failover, shard, move
              --out DIR               output directory (default: benchmark/results in the
                                      repository, else ./bench-results; --smoke: .../bench-smoke)
              --quick                 shorter overhead runs (2 passes, 3 x 1 s warm-up, 1 thread):
                                      a first look in ~10 min; the intervals get wide
              --modes LIST            overhead modes (default: all)
              --passes N              overhead passes, one fork per mode each (default 5)
              --overhead-threads LIST overhead thread counts (default 1,2,4; above 1: query() only)
              --threads N             offload client threads (default 4)
              --read-percent LIST     offload read share(s) in %, e.g. 90 or 90,50 (default 90,50; --smoke/--quick: 90)
              --cpu-cap CPUS          offload: CPU cap of each embedded node (cgroup v1, as root;
                                      default 0.5; 0 = account CPU only)
              --fsync on|off          offload, sweep, move: fsync on the embedded nodes (default on; the
                                      testkit's own setting, for tests, is off)
              --rounds N              failovers per topology (default 20)
              --timeout-seconds N     failover: give up on a client after N s (default 10)
              --move-customers N      move: customers per split, half of them move; the hot tenant
                                      has 3 x N orders, the large one 30 x N (default 20000; --quick
                                      4000, --smoke 400); moves per case and strategy = 3 (--quick/--smoke 1)
              --report-only           only rewrite results.md / results.svg from --out
              --help

            An existing database instead of the embedded PostgreSQL primary + standby (offload only;
            failover needs the embedded set), as system properties or environment variables:
              -Dcqrs.bench.primary.url=jdbc:...   (CQRS_BENCH_PRIMARY_URL)
              -Dcqrs.bench.replica.url=jdbc:...[,jdbc:...]   (CQRS_BENCH_REPLICA_URL)
              -Dcqrs.bench.username=...  -Dcqrs.bench.password=...
              -Dcqrs.bench.standbys=N    hot standbys of the embedded set (default 1)
            """;

    boolean smoke;
    boolean quick;
    boolean reportOnly;
    boolean help;
    List<String> suites = SUITES;
    List<String> modes = List.of();
    int passes = -1;
    List<Integer> overheadThreads;
    Path out;
    int threads = 4;
    String cpuCap = "0.5";
    String fsync = "on";
    List<String> readPercents;
    int rounds = -1;
    int timeoutSeconds = -1;
    int moveCustomers = -1;

    static RunOptions parse(String[] args) {
        RunOptions o = new RunOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--smoke" -> o.smoke = true;
                case "--quick" -> o.quick = true;
                case "--passes" -> o.passes = integer(value(args, ++i, a), a);
                case "--overhead-threads" -> o.overheadThreads = list(value(args, ++i, a)).stream()
                        .map(t -> integer(t, a)).toList();
                case "--report-only" -> o.reportOnly = true;
                case "--help", "-h" -> o.help = true;
                case "--only" -> o.suites = list(value(args, ++i, a));
                case "--modes" -> o.modes = list(value(args, ++i, a));
                case "--out" -> o.out = Path.of(value(args, ++i, a));
                case "--threads" -> o.threads = integer(value(args, ++i, a), a);
                case "--read-percent" -> o.readPercents = list(value(args, ++i, a));
                case "--cpu-cap" -> o.cpuCap = value(args, ++i, a);
                case "--fsync" -> o.fsync = value(args, ++i, a);
                case "--rounds" -> o.rounds = integer(value(args, ++i, a), a);
                case "--move-customers" -> o.moveCustomers = integer(value(args, ++i, a), a);
                case "--timeout-seconds" -> o.timeoutSeconds = integer(value(args, ++i, a), a);
                default -> throw new IllegalArgumentException("unknown option '" + a + "'\n\n" + USAGE);
            }
        }
        for (String s : o.suites) {
            if (!SUITES.contains(s)) {
                throw new IllegalArgumentException("--only: unknown benchmark '" + s + "'; known: " + SUITES);
            }
        }
        if (o.readPercents == null) {
            o.readPercents = o.smoke || o.quick ? List.of("90") : List.of("90", "50");
        }
        for (String p : o.readPercents) {
            int v = integer(p, "--read-percent");
            if (v < 0 || v > 100) {
                throw new IllegalArgumentException("--read-percent: must be 0..100; was " + v);
            }
        }
        if (!o.fsync.equals("on") && !o.fsync.equals("off")) {
            throw new IllegalArgumentException("--fsync: on or off; was '" + o.fsync + "'");
        }
        if (o.moveCustomers < 0) {
            o.moveCustomers = o.smoke ? 400 : o.quick ? 4000 : 20_000;
        }
        if (o.rounds < 0) {
            o.rounds = o.smoke ? 1 : o.quick ? 5 : 20;
        }
        if (o.passes < 0) {
            o.passes = o.smoke ? 1 : o.quick ? 2 : 5;
        }
        if (o.passes < 1) {
            throw new IllegalArgumentException("--passes: must be 1 or more; was " + o.passes);
        }
        if (o.overheadThreads == null) {
            o.overheadThreads = o.quick ? List.of(1) : o.smoke ? List.of(1, 2) : List.of(1, 2, 4);
        }
        for (int t : o.overheadThreads) {
            if (t < 1) {
                throw new IllegalArgumentException("--overhead-threads: must be 1 or more; was " + t);
            }
        }
        if (o.timeoutSeconds < 0) {
            o.timeoutSeconds = o.smoke ? 5 : 10;
        }
        if (o.out == null) {
            boolean inRepo = Files.exists(Path.of("benchmark", "pom.xml"));
            o.out = inRepo ? Path.of("benchmark", o.smoke ? "target/bench-smoke" : "results")
                    : Path.of(o.smoke ? "bench-smoke" : "bench-results");
        }
        return o;
    }

    boolean runs(String suite) {
        return suites.contains(suite);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + ": value missing");
        }
        return args[i];
    }

    private static int integer(String v, String option) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": not a number: '" + v + "'");
        }
    }

    private static List<String> list(String v) {
        List<String> out = new ArrayList<>();
        Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }
}
