package io.cqrsrouting.shard;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

import static io.cqrsrouting.shard.MoveFixture.longs;
import static io.cqrsrouting.shard.MoveFixture.rows;
import static io.cqrsrouting.shard.ShardTestbed.A;
import static io.cqrsrouting.shard.ShardTestbed.B;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's command line on two real replica sets: a split run from the command line moves
 * the rows and reports COMPLETED with exit code 0; status reads it back by id; bad usage exits 2
 * naming the problem, without echoing a key value or the password.
 */
class ShardMoverCliTest {

    record Result(int code, String out, String err) {
    }

    static Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ShardMoverCli.run(args, A.password(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aSplitFromTheCommandLineMovesTheRowsAndStatusReadsItBack() throws Exception {
        String gsmUrl = A.primaryJdbcUrl(ShardTestbed.newDatabase(A, "cli_gsm"));
        String src = MoveFixture.shardDb(A, "cli_src", "bigint");
        String dst = MoveFixture.shardDb(B, "cli_dst", "bigint");
        String name = ShardTestbed.uniqueName("cli");
        try (ShardMapManager smm = ShardTestbed.manager(ShardTestbed.dataSource(gsmUrl))) {
            RangeShardMap<Long> map = smm.createRangeShardMap(name, Long.class);
            map.createRangeMapping(Range.of(0L, 1000L), map.createShard(ShardLocation.of(A.primaryJdbcUrl(src))));
        }
        MoveFixture.seed(A.primaryJdbcUrl(src), longs(0, 1000, 10));
        MoveFixture.seedCountries(A.primaryJdbcUrl(src));
        List<String> common = List.of("--gsm", gsmUrl, "--user", A.username());

        Result split = cli(args("split", common, "--map", name, "--range", "0:1000", "--at", "500", "--target",
                B.primaryJdbcUrl(dst), "--tables", "app.customers:id,app.orders:customer_id", "--reference",
                "app.countries", "--batch-size", "20"));

        assertThat(split.code()).as(split.err()).isZero();
        assertThat(split.out()).contains("COMPLETED at DONE, 100 %");
        assertThat(rows(B.primaryJdbcUrl(dst)).keySet()).hasSize(50).allMatch(k -> Long.parseLong(k) >= 500);
        assertThat(rows(A.primaryJdbcUrl(src)).keySet()).hasSize(50).allMatch(k -> Long.parseLong(k) < 500);
        Matcher id = Pattern.compile("move ([0-9a-f-]{36}):").matcher(split.out());
        assertThat(id.find()).isTrue();

        Result status = cli(args("status", common, "--id", id.group(1)));
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("move " + id.group(1) + ": COMPLETED");
        assertThat(split.out() + split.err() + status.out() + status.err()).doesNotContain(A.password());
    }

    @Test
    void badUsageExitsWithTwoNamingTheProblemAndEchoingNoKey() {
        Result missing = cli("split", "--map", "m");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--gsm is required").contains("usage:");

        Result badKey = cli(args("move", List.of("--gsm", A.primaryJdbcUrl("postgres"), "--user", A.username()),
                "--map", "nosuchmap", "--key", "secret-key-value", "--target", "jdbc:postgresql://x/y", "--tables",
                "app.customers:id"));
        assertThat(badKey.code()).isNotZero();
        assertThat(badKey.out() + badKey.err()).doesNotContain("secret-key-value").doesNotContain(A.password());

        Result badStrategy = cli(args("split", List.of("--gsm", A.primaryJdbcUrl("postgres"), "--user", A.username()),
                "--map", "m", "--strategy", "fast", "--tables", "app.customers:id"));
        assertThat(badStrategy.code()).isNotZero();
        assertThat(cli("explode").code()).isEqualTo(2);
    }

    private static String[] args(String command, List<String> common, String... rest) {
        List<String> all = new ArrayList<>();
        all.add(command);
        all.addAll(common);
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }
}
