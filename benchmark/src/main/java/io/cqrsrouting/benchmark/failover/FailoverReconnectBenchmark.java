package io.cqrsrouting.benchmark.failover;

import io.cqrsrouting.benchmark.report.Json;
import io.cqrsrouting.testkit.FailoverListener;
import io.cqrsrouting.testkit.PostgresReplicaSet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Repeated failovers on the embedded primary + hot standby behind a failover listener (one stable
 * address, as an Azure failover group or an availability-group listener), each with the clients of
 * {@link FailoverClients} writing through it with equal pool sizes, timeouts and paths: HikariCP as
 * it comes, HikariCP with the two tunings a careful user adds (evict on SQLState 25006, or
 * soft-evict the pool on it), the router, and a fresh-connection client that measures the floor.
 * Measures, per failover, the time from the moment a writable primary exists (promotion done,
 * listener pointing at it) to each client's first successful command, and the whole outage from
 * the failure (kill, or read-only) to that command.
 *
 * <ul>
 *   <li>{@code crash}: the primary is killed (SIGKILL), the standby promoted, the listener switched
 *       to it (open connections are cut, as when a server dies).</li>
 *   <li>{@code geo}: a planned geo-failover: the old primary is set read-only and stays reachable,
 *       the standby is promoted and the listener redirected; pooled connections still lead to the
 *       old, read-only primary (stale connections after a DNS flip), where writes fail with
 *       SQLState 25006.</li>
 * </ul>
 *
 * Not a JMH benchmark: one failover per round, a fresh replica set per round. Writes
 * {@code failover.json} for the report.
 */
public final class FailoverReconnectBenchmark {

    /** The result file name. */
    public static final String RESULT_FILE = "failover.json";

    private final int rounds;
    private final Duration timeout;
    private final Random random = new Random();

    /**
     * @param rounds failovers per topology
     * @param timeout how long to wait for a client to write again before giving up on it
     */
    public FailoverReconnectBenchmark(int rounds, Duration timeout) {
        this.rounds = rounds;
        this.timeout = timeout;
    }

    /** One client's outcome in one round. */
    record ClientResult(String client, double recoveryMillis, double outageMillis, long failures,
            String lastError) {
        boolean recovered() {
            return recoveryMillis >= 0;
        }
    }

    /** One failover. */
    record Round(String topology, int round, double promotionMillis, List<ClientResult> clients) {
    }

    /**
     * Runs every round of every topology and writes {@link #RESULT_FILE}.
     *
     * @param outDir where to write
     * @param topologies {@code crash}, {@code geo}
     * @return the rounds
     * @throws Exception on setup failure
     */
    public List<Round> run(Path outDir, List<String> topologies) throws Exception {
        List<Round> all = new ArrayList<>();
        for (String topology : topologies) {
            for (int r = 1; r <= rounds; r++) {
                Round round = runRound(topology, r);
                all.add(round);
                System.out.println(describe(round));
            }
        }
        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve(RESULT_FILE), toJson(all), StandardCharsets.UTF_8);
        return all;
    }

    private Round runRound(String topology, int round) throws Exception {
        try (PostgresReplicaSet set = PostgresReplicaSet.start(1);
                FailoverListener listener = FailoverListener.start("127.0.0.1", set.primaryPort())) {
            prepare(set);
            String url = listener.jdbcUrl("postgres");
            try (FailoverClients clients = new FailoverClients(url, set.username(), set.password(),
                    topology + "-" + round)) {
                if (!clients.router().awaitMonitor(1, 10_000)) {
                    throw new IllegalStateException("the router's monitor made no probe in 10 s");
                }
                List<CommandLoop> loops = new ArrayList<>(clients.loops());
                // the clients share the machine: start them in a different order every round
                Collections.shuffle(loops, random);
                loops.forEach(CommandLoop::start);
                awaitSuccesses(loops, 20);

                Duration promotion;
                long failed = System.nanoTime();
                if ("crash".equals(topology)) {
                    set.primary().kill();
                    promotion = set.promote(0);
                    listener.switchTo("127.0.0.1", set.standbyPort(0));
                } else if ("geo".equals(topology)) {
                    set.setPrimaryReadOnly(true);
                    promotion = set.promote(0);
                    listener.redirect("127.0.0.1", set.standbyPort(0));
                } else {
                    throw new IllegalArgumentException("topology: unknown '" + topology
                            + "'; known: crash, geo");
                }
                long writable = System.nanoTime();
                loops.forEach(l -> l.arm(writable));
                long deadline = writable + timeout.toNanos();
                while (System.nanoTime() < deadline
                        && loops.stream().anyMatch(l -> l.firstSuccess() < 0)) {
                    Thread.sleep(1);
                }
                loops.forEach(CommandLoop::stop);
                List<ClientResult> results = new ArrayList<>();
                for (CommandLoop l : clients.loops()) {
                    long first = l.firstSuccess();
                    results.add(new ClientResult(l.name(),
                            first < 0 ? -1 : (first - writable) / 1e6,
                            first < 0 ? -1 : (first - failed) / 1e6, l.failures(), l.lastError()));
                }
                return new Round(topology, round, promotion.toNanos() / 1e6, results);
            }
        }
    }

    private static void awaitSuccesses(List<CommandLoop> loops, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (loops.stream().anyMatch(l -> !l.idleUntilArmed() && l.successes() < n)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("clients do not write before the failover: "
                        + loops.stream().map(l -> l.name() + " " + l.lastError()).toList());
            }
            Thread.sleep(5);
        }
    }

    private static void prepare(PostgresReplicaSet set) throws SQLException {
        try (Connection c = set.primary().connect(); Statement st = c.createStatement()) {
            st.execute("create table cqrs_bench_failover (id int primary key, n bigint not null)");
            st.execute("insert into cqrs_bench_failover values (1, 0)");
        }
        set.awaitReplay(0, Duration.ofSeconds(30));
    }

    static String describe(Round r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
                "failover %-5s round %d: promotion %7.1f ms", r.topology(), r.round(),
                r.promotionMillis()));
        for (ClientResult c : r.clients()) {
            sb.append(String.format(Locale.ROOT, " | %s %s", c.client(), c.recovered()
                    ? String.format(Locale.ROOT, "%.1f ms", c.recoveryMillis())
                    : "no write within the timeout (" + c.lastError() + ")"));
        }
        return sb.toString();
    }

    String toJson(List<Round> all) {
        StringBuilder sb = new StringBuilder("{\n  \"timeoutMillis\": ").append(timeout.toMillis())
                .append(",\n  \"rounds\": [");
        for (int i = 0; i < all.size(); i++) {
            Round r = all.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
                    "    {\"topology\": \"%s\", \"round\": %d, \"promotionMillis\": %.3f, \"clients\": [",
                    r.topology(), r.round(), r.promotionMillis()));
            for (int j = 0; j < r.clients().size(); j++) {
                ClientResult c = r.clients().get(j);
                sb.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT,
                        "{\"client\": \"%s\", \"recoveryMillis\": %.3f, \"outageMillis\": %.3f,"
                                + " \"failures\": %d, \"lastError\": %s}",
                        c.client(), c.recoveryMillis(), c.outageMillis(), c.failures(),
                        c.lastError() == null ? "null" : Json.quote(c.lastError())));
            }
            sb.append("]}");
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    /**
     * Runs the harness alone.
     *
     * @param args [rounds] [timeoutSeconds] [outDir]
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int timeoutSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path out = Path.of(args.length > 2 ? args[2] : "bench-results");
        new FailoverReconnectBenchmark(rounds, Duration.ofSeconds(timeoutSeconds))
                .run(out, List.of("crash", "geo"));
        System.exit(0);
    }
}
