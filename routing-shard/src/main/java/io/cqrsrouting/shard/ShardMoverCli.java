package io.cqrsrouting.shard;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The operator's command line for {@link ShardMover}: split, merge, move, status, cancel, resume.
 * Run it with the shard module's {@code -cli} jar ({@code java -jar cqrs-routing-shard-<v>-cli.jar
 * split ...}). The password comes from the environment variable {@code CQRS_SHARD_PASSWORD}, never
 * from the command line (where {@code ps} would show it). Exit code 0 when the operation completed
 * (or, for {@code status}, the move exists), 1 when it failed or was cancelled, 2 for bad usage.
 */
public final class ShardMoverCli {

    static final String USAGE = """
            usage: java -jar cqrs-routing-shard-cli.jar COMMAND --gsm JDBC_URL --user USER [options]
              (password: environment variable CQRS_SHARD_PASSWORD)

              split  --map M --range LOW:HIGH --at KEY --target JDBC_URL
              merge  --map M --left LOW:HIGH --right LOW:HIGH
              move   --map M --key KEY --target JDBC_URL
              status --id MOVE_ID        cancel --id MOVE_ID
              resume --id MOVE_ID --map M --tables ... (as given to the command that started it)

            options for split, merge, move and resume:
              --tables schema.table:keyColumn,...   sharded tables, parents first (required)
              --reference schema.table,...          reference tables
              --key-type long|int|string|uuid       the map's key type (default long)
              --strategy offline|online             (default offline)
              --batch-size N                        offline: keys per batch (default 100)
              --wait-minutes N                      how long to wait for the end (default 60)
            An empty HIGH (LOW:) means no upper bound.
            """;

    private ShardMoverCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv("CQRS_SHARD_PASSWORD"), System.out, System.err));
    }

    /** @return the exit code */
    static int run(String[] args, String password, PrintStream out, PrintStream err) {
        Map<String, String> o;
        try {
            o = options(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        String command = o.get("");
        try (ShardMapManager smm = ShardMapManager.builder().globalMap(gsm(required(o, "gsm"), required(o, "user"), password))
                .credentials(required(o, "user"), password).build()) {
            MoveOperation op = switch (command) {
                case "status" -> new MoveOperation(id(o), smm.store(), CompletableFuture.completedFuture(null));
                case "cancel" -> {
                    MoveOperation m = new MoveOperation(id(o), smm.store(), CompletableFuture.completedFuture(null));
                    out.println(m.cancel() ? "cancel requested; run resume (or wait for the running mover)"
                            : "nothing to cancel: the move has ended");
                    yield m;
                }
                case "split", "merge", "move", "resume" -> start(command, o, smm);
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            };
            MoveStatus s = op.status();
            out.println("move " + op.id() + ": " + s.state() + " at " + s.step() + ", " + s.percent() + " %, "
                    + s.rowsCopied() + " rows copied; " + s.detail());
            return command.equals("status") || command.equals("cancel") || s.state() == MoveState.COMPLETED ? 0 : 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n\n" + USAGE);
            return 2;
        } catch (RuntimeException e) {
            err.println("failed: " + e.getMessage());
            return 1;
        }
    }

    private static MoveOperation start(String command, Map<String, String> o, ShardMapManager smm) {
        String map = required(o, "map");
        Class<?> type = switch (o.getOrDefault("key-type", "long")) {
            case "long" -> Long.class;
            case "int" -> Integer.class;
            case "string" -> String.class;
            case "uuid" -> UUID.class;
            default -> throw new IllegalArgumentException("--key-type must be long, int, string or uuid: "
                    + o.get("key-type"));
        };
        SchemaInfo.Builder schema = SchemaInfo.builder();
        for (String t : required(o, "tables").split(",")) {
            String[] p = t.trim().split("[.:]");
            if (p.length != 3) {
                throw new IllegalArgumentException("--tables entries are schema.table:keyColumn: " + t);
            }
            schema.shardedTable(p[0], p[1], p[2]);
        }
        if (o.containsKey("reference")) {
            for (String t : o.get("reference").split(",")) {
                String[] p = t.trim().split("\\.");
                if (p.length != 2) {
                    throw new IllegalArgumentException("--reference entries are schema.table: " + t);
                }
                schema.referenceTable(p[0], p[1]);
            }
        }
        ShardMover.Builder b = ShardMover.builder().manager(smm).map(map).schema(schema.build())
                .batchSize(Integer.parseInt(o.getOrDefault("batch-size", "100")))
                .strategy(switch (o.getOrDefault("strategy", "offline")) {
                    case "offline" -> MoveStrategy.OFFLINE_BATCHES;
                    case "online" -> MoveStrategy.ONLINE;
                    default -> throw new IllegalArgumentException("--strategy must be offline or online: "
                            + o.get("strategy"));
                });
        try (ShardMover mover = b.build()) {
            MoveOperation op = switch (command) {
                case "split" -> mover.split(range(o, "range", type), key(required(o, "at"), type),
                        ShardLocation.of(required(o, "target")));
                case "merge" -> mover.merge(range(o, "left", type), range(o, "right", type));
                case "move" -> mover.move(key(required(o, "key"), type), ShardLocation.of(required(o, "target")));
                default -> mover.resume(id(o).toString());
            };
            try {
                op.await(Duration.ofMinutes(Long.parseLong(o.getOrDefault("wait-minutes", "60"))));
            } catch (ShardMoveException e) {
                // the status printed by the caller says where it stopped and how to go on
            }
            return op;
        }
    }

    private static Range<Object> range(Map<String, String> o, String name, Class<?> type) {
        String v = required(o, name);
        int colon = v.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--" + name + " must be LOW:HIGH (HIGH may be empty)");
        }
        Object low = key(v.substring(0, colon), type);
        String high = v.substring(colon + 1);
        return high.isEmpty() ? Range.from(low) : Range.of(low, key(high, type));
    }

    private static Object key(String v, Class<?> type) {
        try {
            if (type == Long.class) {
                return Long.parseLong(v);
            }
            if (type == Integer.class) {
                return Integer.parseInt(v);
            }
            return type == UUID.class ? UUID.fromString(v) : v;
        } catch (IllegalArgumentException e) {
            // never echo the value: it is a shard key
            throw new IllegalArgumentException("a key is not a valid " + type.getSimpleName().toLowerCase());
        }
    }

    private static UUID id(Map<String, String> o) {
        try {
            return UUID.fromString(required(o, "id"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--id must be a move id (a UUID)");
        }
    }

    private static String required(Map<String, String> o, String name) {
        String v = o.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    static Map<String, String> options(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command is required");
        }
        Map<String, String> o = new HashMap<>();
        o.put("", args[0]);
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value: " + args[i]);
            }
            o.put(args[i].substring(2), args[++i]);
        }
        return o;
    }

    private static DataSource gsm(String url, String user, String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(url);
        ds.setUser(user);
        ds.setPassword(password == null ? "" : password);
        ds.setApplicationName("cqrs-routing-mover-cli");
        return ds;
    }
}
