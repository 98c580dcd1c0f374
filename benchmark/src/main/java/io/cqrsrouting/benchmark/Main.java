package io.cqrsrouting.benchmark;

import io.cqrsrouting.benchmark.failover.FailoverReconnectBenchmark;
import io.cqrsrouting.benchmark.offload.OffloadThroughputBenchmark;
import io.cqrsrouting.benchmark.offload.OpenLoopSweep;
import io.cqrsrouting.benchmark.shard.MoveWindowBenchmark;
import io.cqrsrouting.benchmark.shard.ShardRoutingBenchmark;
import io.cqrsrouting.benchmark.overhead.Modes;
import io.cqrsrouting.benchmark.overhead.RoutingOverheadBenchmark;
import io.cqrsrouting.benchmark.report.BalancedShare;
import io.cqrsrouting.benchmark.report.MarkdownReport;
import io.cqrsrouting.benchmark.report.Results;
import io.cqrsrouting.benchmark.report.SvgChart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The benchmark jar's entry point: runs the suite with sensible defaults and writes the report.
 * {@code java -jar benchmarks.jar --help} lists the options; {@code java -jar benchmarks.jar jmh ...}
 * is the plain JMH command line.
 */
public final class Main {

    static final String RESULTS_MD = "results.md";
    static final String RESULTS_SVG = "results.svg";
    static final String SHARD_JSON = "shard-routing.json";
    private static final List<String> OUTPUTS = List.of(Results.OVERHEAD_NO_EA_JSON,
            Results.OFFLOAD_JSON, Results.OFFLOAD_VARIANTS_JSON, OpenLoopSweep.RESULT_FILE, OffloadThroughputBenchmark.SIDE_RESULTS,
            FailoverReconnectBenchmark.RESULT_FILE, SHARD_JSON, MoveWindowBenchmark.RESULT_JSON,
            MoveWindowBenchmark.RESULT_MD, Results.RUN_JSON, RESULTS_MD, RESULTS_SVG);

    private Main() {
    }

    /**
     * @param args see {@link RunOptions#USAGE}
     * @throws Exception when a benchmark cannot run
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        RunOptions o;
        try {
            o = RunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.println(RunOptions.USAGE);
            return;
        }
        Path out = o.out.toAbsolutePath().normalize();
        Files.createDirectories(out);
        if (!o.reportOnly) {
            run(o, out, args);
        }
        Results results = Results.read(out);
        String md = MarkdownReport.render(results, RESULTS_SVG);
        Files.writeString(out.resolve(RESULTS_MD), md, StandardCharsets.UTF_8);
        Files.writeString(out.resolve(RESULTS_SVG), SvgChart.render(results), StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(md);
        System.out.println("Results: " + out.resolve(RESULTS_MD) + ", " + out.resolve(RESULTS_SVG)
                + ", JMH JSON in " + out);
        System.exit(0);
    }

    private static void run(RunOptions o, Path out, String[] args) throws Exception {
        for (String f : OUTPUTS) {
            Files.deleteIfExists(out.resolve(f));
        }
        long t0 = System.nanoTime();
        double loadBefore = RunInfo.loadAverage();
        String started = ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        String fork = "-D" + BenchSettings.PREFIX + "out=" + out;
        // the offload sweep runs in this JVM: it reads the setting as a system property
        System.setProperty(BenchSettings.PREFIX + "fsync", o.fsync);

        if (o.runs("overhead")) {
            overhead(o, out, fork);
        }
        if (o.runs("offload")) {
            offload(o, out, fork);
        }
        if (o.runs("sweep")) {
            banner("Open-loop latency sweep (" + RunInfo.database() + ")");
            new OpenLoopSweep(Duration.ofMillis(o.smoke ? 500 : o.quick ? 3000 : 10_000),
                    Integer.parseInt(o.readPercents.get(0).trim()), Double.parseDouble(o.cpuCap))
                    .run(out);
        }
        if (o.runs("failover")) {
            if (BenchSettings.external()) {
                banner("Failover: skipped (it crashes and promotes nodes: embedded set only)");
            } else {
                banner("Failover reconnection (" + o.rounds + " round(s) per topology)");
                new FailoverReconnectBenchmark(o.rounds, Duration.ofSeconds(o.timeoutSeconds))
                        .run(out, List.of("crash", "geo"));
            }
        }

        if (o.runs("shard")) {
            banner("Shard routing: key lookup + LSM validation vs a plain router, one real round trip"
                    + " per operation (JMH, -prof gc)");
            ChainedOptionsBuilder b = new OptionsBuilder()
                    .shouldFailOnError(o.smoke) // --smoke proves every benchmark runs: one error fails it
                    .include(ShardRoutingBenchmark.class.getName())
                    .forks(1)
                    .addProfiler(GCProfiler.class)
                    .jvmArgsAppend(fork)
                    .resultFormat(ResultFormatType.JSON)
                    .result(out.resolve(SHARD_JSON).toString());
            timing(b, o.smoke, 3, 2000, 5, 2000);
            new Runner(b.build()).run();
        }

        if (o.runs("move")) {
            if (BenchSettings.external()) {
                banner("Shard moves: skipped (they need two embedded servers)");
            } else {
                banner("Shard moves: writes blocked per strategy (" + o.moveCustomers + " customers per split; hot"
                        + " tenant of " + MoveWindowBenchmark.HOT_SMALL * o.moveCustomers + " and "
                        + MoveWindowBenchmark.HOT_LARGE * o.moveCustomers + " orders)");
                new MoveWindowBenchmark(o.moveCustomers, o.smoke || o.quick ? 1 : 3, "on".equals(o.fsync)).run(out);
            }
        }

        String command = BenchSettings.get("command");
        if (command == null) {
            command = "java -jar benchmark/target/benchmarks.jar" + (args.length == 0 ? ""
                    : " " + String.join(" ", args));
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        Files.writeString(out.resolve(Results.RUN_JSON), RunInfo.toJson(RunInfo.collect(command,
                o.smoke ? "smoke" : "default", started,
                String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60),
                loadBefore, RunInfo.loadAverage())), StandardCharsets.UTF_8);
    }

    /**
     * The offload suite: the four targets on every mix, then (embedded set only) the topology
     * variants on the first mix (90 % by default): no standby, two standbys, and the primary taking
     * the share of replica reads that balances the nodes at the costs just measured
     * ({@link BalancedShare}). The variants are a second JMH run writing
     * {@link Results#OFFLOAD_VARIANTS_JSON}.
     */
    private static void offload(RunOptions o, Path out, String fork) throws Exception {
        banner("Read offload (JMH, " + RunInfo.database() + ")");
        new Runner(offloadOptions(o, fork, OffloadThroughputBenchmark.TARGETS, o.readPercents,
                out.resolve(Results.OFFLOAD_JSON))).run();
        if (BenchSettings.external()) {
            banner("Read offload: topology variants skipped (they need the embedded set)");
            return;
        }
        String mix = o.readPercents.get(0).trim();
        BalancedShare.Choice share = BalancedShare.of(Results.read(out), Integer.parseInt(mix));
        banner("Read offload: 0 and 2 standbys, primary read share " + String.format(Locale.ROOT,
                "%.2f", share.share()) + " (JMH, " + mix + " % reads); share: " + share.how());
        new Runner(offloadOptions(o, fork, OffloadThroughputBenchmark.VARIANTS, List.of(mix),
                out.resolve(Results.OFFLOAD_VARIANTS_JSON),
                "-D" + BenchSettings.PREFIX + "primaryReadShare=" + share.share(),
                "-D" + BenchSettings.PREFIX + "primaryReadShareHow=" + share.how())).run();
    }

    private static org.openjdk.jmh.runner.options.Options offloadOptions(RunOptions o, String fork,
            List<String> targets, List<String> readPercents, Path result, String... jvmArgs) {
        List<String> args = new ArrayList<>(List.of(fork,
                "-D" + BenchSettings.PREFIX + "cpuCap=" + o.cpuCap,
                "-D" + BenchSettings.PREFIX + "fsync=" + o.fsync));
        args.addAll(Arrays.asList(jvmArgs));
        ChainedOptionsBuilder b = new OptionsBuilder()
                .shouldFailOnError(o.smoke) // --smoke proves every benchmark runs: one error fails it
                .include(OffloadThroughputBenchmark.class.getName())
                .forks(1)
                .threads(o.threads)
                .jvmArgsAppend(args.toArray(new String[0]))
                .param("target", targets.toArray(new String[0]))
                .param("readPercent", readPercents.toArray(new String[0]))
                .resultFormat(ResultFormatType.JSON)
                .result(result.toString());
        if (o.quick) {
            timing(b, false, 2, 3000, 3, 3000);
        } else {
            // throughput kept rising over 6 x 3 s: one 10 s warm-up, then 10 s iterations in 3
            // forks (the minimums); two iterations per fork, not three, pay for the variants
            timing(b, o.smoke, 1, 10_000, OFFLOAD_ITERATIONS, 10_000);
            b.forks(o.smoke ? 1 : 3);
        }
        return b.build();
    }

    /** Measured 10 s iterations per offload fork. */
    static final int OFFLOAD_ITERATIONS = 2;

    /**
     * The overhead suite: {@code passes} passes, each one JMH fork per mode (so every mode is
     * measured in every pass, and drift of the machine shows up as spread across passes rather than
     * as a difference between modes), on each thread count ({@code query()} only above one thread);
     * then one allocation pass with escape analysis off.
     */
    private static void overhead(RunOptions o, Path out, String fork) throws Exception {
        for (Path old : Results.overheadFiles(out)) {
            Files.deleteIfExists(old);
        }
        List<String> modes = new ArrayList<>(o.modes.isEmpty() ? Modes.names() : o.modes);
        for (int pass = 1; pass <= o.passes; pass++) {
            for (int threads : o.overheadThreads) {
                banner("Routing overhead, pass " + pass + " of " + o.passes + ", " + threads
                        + " thread(s) (JMH, -prof gc)");
                ChainedOptionsBuilder b = new OptionsBuilder()
                        .shouldFailOnError(o.smoke) // --smoke proves every benchmark runs: one error fails it
                        .include(RoutingOverheadBenchmark.class.getName()
                                + (threads == 1 ? "" : ".query$"))
                        .forks(1)
                        .threads(threads)
                        .addProfiler(GCProfiler.class)
                        .jvmArgsAppend(fork)
                        .resultFormat(ResultFormatType.JSON)
                        .result(out.resolve(Results.overheadFile(threads, pass)).toString());
                if (o.quick) {
                    timing(b, o.smoke, 3, 1000, 3, 1000);
                } else {
                    timing(b, o.smoke, 5, 2000, 5, 1000);
                }
                // rotate the order every pass: no mode always runs first or last
                List<String> order = new ArrayList<>(modes);
                Collections.rotate(order, -(pass - 1));
                b.param("mode", order.toArray(new String[0]));
                new Runner(b.build()).run();
            }
        }
        banner("Routing overhead: allocation with escape analysis off (JMH, -prof gc)");
        ChainedOptionsBuilder b = new OptionsBuilder()
                .shouldFailOnError(o.smoke) // --smoke proves every benchmark runs: one error fails it
                .include(RoutingOverheadBenchmark.class.getName())
                .forks(1)
                .addProfiler(GCProfiler.class)
                .jvmArgsAppend(fork, "-XX:-DoEscapeAnalysis")
                .resultFormat(ResultFormatType.JSON)
                .result(out.resolve(Results.OVERHEAD_NO_EA_JSON).toString());
        timing(b, o.smoke, 2, 1000, 2, 1000);
        b.param("mode", modes.toArray(new String[0]));
        new Runner(b.build()).run();
    }

    private static void timing(ChainedOptionsBuilder b, boolean smoke, int warmups, int warmupMillis,
            int iterations, int iterationMillis) {
        if (smoke) {
            b.warmupIterations(1).warmupTime(TimeValue.milliseconds(200))
                    .measurementIterations(1).measurementTime(TimeValue.milliseconds(300));
        } else {
            b.warmupIterations(warmups).warmupTime(TimeValue.milliseconds(warmupMillis))
                    .measurementIterations(iterations)
                    .measurementTime(TimeValue.milliseconds(iterationMillis));
        }
    }

    private static void banner(String title) {
        System.out.println();
        System.out.println("=== " + title);
        System.out.println();
    }

    static List<String> outputs() {
        return new ArrayList<>(OUTPUTS);
    }
}
