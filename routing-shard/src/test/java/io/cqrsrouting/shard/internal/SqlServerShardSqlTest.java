package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.SqlServerShardSql.Param;
import io.cqrsrouting.shard.internal.SqlServerShardSql.Statement;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shard map store's T-SQL, checked against the PostgreSQL schema it mirrors and against the
 * real mssql-jdbc driver's own tables: its parameter-marker scanner counts the {@code ?}s, its
 * SQL Server type table knows every column type, and its conversion table accepts, for every
 * parameter, the JDBC type it sends for the Java value the store binds into that column.
 */
class SqlServerShardSqlTest {

    private static final Class<?> DRIVER_PARAMETERS = driverClass("ParameterUtils");
    private static final Class<?> SS_TYPE = driverClass("SSType");
    private static final Class<?> JDBC_TYPE = driverClass("JDBCType");
    private static final Class<?> JAVA_TYPE = driverClass("JavaType");

    private static Class<?> driverClass(String name) {
        try {
            return Class.forName("com.microsoft.sqlserver.jdbc." + name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object call(Class<?> type, Object target, String method, Class<?>[] types,
            Object... args) throws Exception {
        Method m = type.getDeclaredMethod(method, types);
        m.setAccessible(true);
        return m.invoke(target, args);
    }

    /** The number of parameter markers the driver finds (it skips literals and comments). */
    private static int driverMarkers(String sql) throws Exception {
        int count = 0;
        int at = 0;
        while (true) {
            int next = (int) call(DRIVER_PARAMETERS, null, "scanSQLForChar",
                    new Class<?>[] {char.class, String.class, int.class}, '?', sql, at);
            if (next >= sql.length()) {
                return count;
            }
            count++;
            at = next + 1;
        }
    }

    /** The driver's SQL Server type for a type name, e.g. {@code varbinary(900)}. */
    private static Object ssType(String declared) throws Exception {
        String base = declared.replaceAll("\\(.*", "").toLowerCase(Locale.ROOT);
        return call(SS_TYPE, null, "of", new Class<?>[] {String.class}, base);
    }

    /** The JDBC type the driver sends for a value of {@code javaType}, as the store binds it. */
    private static Object sentJdbcType(Class<?> javaType) throws Exception {
        Object sample = javaType == UUID.class ? UUID.randomUUID()
                : javaType == String.class ? "x" : javaType == Long.class ? 1L
                : javaType == byte[].class ? new byte[] {1} : null;
        Object javaKind = call(JAVA_TYPE, null, "of", new Class<?>[] {Object.class}, sample);
        Object unknownSs = Enum.valueOf(SS_TYPE.asSubclass(Enum.class), "UNKNOWN");
        Object unknownJdbc = Enum.valueOf(JDBC_TYPE.asSubclass(Enum.class), "UNKNOWN");
        return call(JAVA_TYPE, javaKind, "getJDBCType", new Class<?>[] {SS_TYPE, JDBC_TYPE},
                unknownSs, unknownJdbc);
    }

    private static boolean driverConverts(Object jdbcType, Object ssType) throws Exception {
        return (boolean) call(JDBC_TYPE, jdbcType, "convertsTo", new Class<?>[] {SS_TYPE}, ssType);
    }

    private record Column(String type, boolean notNull) {
    }

    /** table (schema-less, e.g. {@code mappings}) -> column -> declaration, from CREATE TABLEs. */
    static Map<String, Map<String, Column>> tables(List<String> ddl) {
        Map<String, Map<String, Column>> out = new LinkedHashMap<>();
        Pattern create = Pattern.compile("(?i)create table (?:if not exists )?\\w+\\.(\\w+) \\(");
        for (String statement : ddl) {
            Matcher m = create.matcher(statement);
            if (!m.find()) {
                continue;
            }
            String body = statement.substring(m.end(), statement.lastIndexOf(')'));
            Map<String, Column> columns = new LinkedHashMap<>();
            for (String item : splitTopLevel(body)) {
                String[] words = item.trim().split("\\s+");
                String first = words[0].toLowerCase(Locale.ROOT);
                if (List.of("primary", "unique", "index", "foreign", "constraint").contains(first)) {
                    continue;
                }
                String lower = item.toLowerCase(Locale.ROOT);
                columns.put(first, new Column(words[1].toLowerCase(Locale.ROOT),
                        lower.contains("not null") || lower.contains("primary key")));
            }
            out.put(m.group(1).toLowerCase(Locale.ROOT), columns);
        }
        return out;
    }

    private static List<String> splitTopLevel(String body) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < body.length(); i++) {
            char ch = body.charAt(i);
            depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
            if (ch == ',' && depth == 0) {
                items.add(body.substring(start, i));
                start = i + 1;
            }
        }
        items.add(body.substring(start));
        return items;
    }

    /** The SQL Server type family a PostgreSQL column type must map to. */
    private static boolean mapsTo(String pg, String tsql) {
        String base = pg.replaceAll("\\(.*", "");
        return switch (base) {
            case "uuid" -> tsql.equals("uniqueidentifier");
            case "bytea" -> tsql.equals("varbinary(900)");
            case "bigint" -> tsql.equals("bigint");
            case "int" -> tsql.equals("int");
            case "boolean" -> tsql.equals("bit");
            case "timestamptz" -> tsql.startsWith("datetime2");
            case "varchar" -> (tsql.startsWith("varchar(") || tsql.startsWith("nvarchar("))
                    && width(tsql) >= Math.min(width(pg), 450);
            default -> false;
        };
    }

    /** The Java type the store reads and binds for a column type. */
    private static Class<?> javaTypeOf(String tsqlType) {
        String base = tsqlType.replaceAll("\\(.*", "");
        return switch (base) {
            case "uniqueidentifier" -> UUID.class;
            case "varbinary" -> byte[].class;
            case "bigint" -> Long.class;
            case "varchar", "nvarchar" -> String.class;
            default -> Void.class;
        };
    }

    private static int width(String type) {
        return Integer.parseInt(type.replaceAll(".*\\((\\d+)\\).*", "$1"));
    }

    @Test
    void everyTableAndColumnOfThePostgresqlStoreExistsWithTheMatchingType() {
        Map<String, Map<String, Column>> pgGsm = tables(Ddl.postgresGsm());
        Map<String, Map<String, Column>> sqlGsm = tables(SqlServerShardSql.gsmDdl());
        Map<String, Map<String, Column>> pgLsm = tables(Ddl.postgresLsm());
        Map<String, Map<String, Column>> sqlLsm = tables(SqlServerShardSql.lsmDdl());
        assertThat(pgGsm).containsKeys("shard_maps", "shards", "mappings", "operations", "recovery_steps");
        assertThat(pgLsm).containsKeys("shards", "mappings");
        for (var pair : List.of(List.of(pgGsm, sqlGsm), List.of(pgLsm, sqlLsm))) {
            Map<String, Map<String, Column>> pg = pair.get(0);
            Map<String, Map<String, Column>> tsql = pair.get(1);
            assertThat(tsql.keySet()).isEqualTo(pg.keySet());
            pg.forEach((table, columns) -> {
                assertThat(tsql.get(table).keySet()).as(table).isEqualTo(columns.keySet());
                columns.forEach((name, column) -> {
                    Column other = tsql.get(table).get(name);
                    assertThat(mapsTo(column.type(), other.type()))
                            .as("%s.%s: %s -> %s", table, name, column.type(), other.type()).isTrue();
                    assertThat(other.notNull()).as("%s.%s NOT NULL", table, name)
                            .isEqualTo(column.notNull());
                });
            });
        }
    }

    @Test
    void everyColumnTypeIsOneTheDriverKnows() throws Exception {
        for (List<String> ddl : List.of(SqlServerShardSql.gsmDdl(), SqlServerShardSql.lsmDdl())) {
            for (Map<String, Column> columns : tables(ddl).values()) {
                for (Column c : columns.values()) {
                    assertThat(ssType(c.type())).as(c.type()).isNotNull();
                }
            }
        }
    }

    @Test
    void creationIsGuardedSoRunningItTwiceChangesNothing() {
        Pattern guard = Pattern.compile("^IF (SCHEMA_ID\\('(\\w+)'\\) IS NULL"
                + "|OBJECT_ID\\('(\\w+\\.\\w+)', 'U'\\) IS NULL"
                + "|NOT EXISTS \\(SELECT 1 FROM sys\\.indexes WHERE name = '(\\w+)')");
        for (List<String> ddl : List.of(SqlServerShardSql.gsmDdl(), SqlServerShardSql.lsmDdl())) {
            for (String statement : ddl) {
                Matcher m = guard.matcher(statement);
                assertThat(m.find()).as(statement).isTrue();
                String guarded = m.group(2) != null ? "CREATE SCHEMA " + m.group(2)
                        : m.group(3) != null ? "CREATE TABLE " + m.group(3) + " ("
                        : "CREATE INDEX " + m.group(4) + " ON";
                assertThat(statement).as("creates what it checks").contains(guarded);
            }
        }
    }

    private static List<Statement> statements() throws Exception {
        List<Statement> out = new ArrayList<>();
        for (Field f : SqlServerShardSql.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == Statement.class) {
                out.add((Statement) f.get(null));
            }
        }
        return out;
    }

    @Test
    void everyParameterIsCountedByTheDriverAndBindsToItsColumnsType() throws Exception {
        Map<String, Map<String, Column>> gsm = tables(SqlServerShardSql.gsmDdl());
        Map<String, Map<String, Column>> lsm = tables(SqlServerShardSql.lsmDdl());
        List<Statement> all = statements();
        assertThat(all).hasSizeGreaterThanOrEqualTo(20);
        for (Statement s : all) {
            assertThat(driverMarkers(s.sql())).as(s.sql()).isEqualTo(s.params().size());
            for (Param p : s.params()) {
                String type;
                if (p.column().equals("applock.resource")) {
                    type = "nvarchar(255)"; // sp_getapplock's @Resource
                } else {
                    String[] parts = p.column().split("\\.");
                    Map<String, Map<String, Column>> schema = parts.length == 3 ? lsm : gsm;
                    Column c = schema.getOrDefault(parts[parts.length - 2], Map.of())
                            .get(parts[parts.length - 1]);
                    assertThat(c).as("%s in %s", p.column(), s.sql()).isNotNull();
                    type = c.type();
                }
                // The driver converts permissively (text to numbers, for one); the store binds
                // each column's own Java type, so a value is never converted on the server.
                assertThat(p.javaType()).as("%s (%s) in %s", p.column(), type, s.sql())
                        .isEqualTo(javaTypeOf(type));
                Object sent = sentJdbcType(p.javaType());
                assertThat(driverConverts(sent, ssType(type)))
                        .as("%s bound as %s (%s) into %s", p.column(), p.javaType().getSimpleName(),
                                sent, type).isTrue();
            }
        }
    }

    @Test
    void statementsBindInThePostgresqlStoresOrder() throws Exception {
        // Same count as the PostgreSQL validation query, which the Validator binds.
        assertThat(driverMarkers(SqlServerShardSql.LSM_VALIDATE.sql()))
                .isEqualTo(driverMarkers(Lsm.VALIDATE));
        // Gsm.bindMapping's order: id, map, shard, low, high, status, version.
        List<String> order = SqlServerShardSql.UPSERT_MAPPING.params().stream()
                .map(p -> p.column().replaceAll(".*\\.", "")).toList();
        assertThat(order).containsExactly("mapping_id", "map_id", "shard_id", "low", "high",
                "status", "version");
        assertThat(SqlServerShardSql.LSM_PUT.params()).hasSize(7);
        // mappingFor(map, key, key) and overlaps(map, low, high, high), as in Gsm.
        assertThat(SqlServerShardSql.MAPPING_FOR.params()).extracting(Param::javaType)
                .containsExactly(UUID.class, byte[].class, byte[].class);
        assertThat(SqlServerShardSql.OVERLAPS.params()).extracting(Param::javaType)
                .containsExactly(UUID.class, byte[].class, byte[].class, byte[].class);
        assertThat(SqlServerShardSql.INSERT_OP.params()).hasSize(11);
    }

    @Test
    void everyKeyComparisonBreaksSqlServersTrailingZeroTiesAndNoKeyIsCut() {
        for (Statement s : List.of(SqlServerShardSql.MAPPING_FOR, SqlServerShardSql.OVERLAPS)) {
            // Every key column compared with < or > has its DATALENGTH tie-break.
            java.util.Set<String> compared = new java.util.TreeSet<>();
            Pattern.compile("m\\.(low|high) [<>]").matcher(s.sql()).results()
                    .forEach(r -> compared.add(r.group(1)));
            java.util.Set<String> tieBroken = new java.util.TreeSet<>();
            Pattern.compile("DATALENGTH\\(m\\.(low|high)\\) [<>]=? DATALENGTH").matcher(s.sql())
                    .results().forEach(r -> tieBroken.add(r.group(1)));
            assertThat(tieBroken).as(s.sql()).isEqualTo(compared).containsExactly("high", "low");
        }
        for (Statement s : statements0()) {
            assertThat(s.sql()).doesNotContain("AS varbinary(900))");
        }
        assertThat(SqlServerShardSql.MAPPINGS.sql()).contains("ORDER BY low, DATALENGTH(low)");
        assertThat(SqlServerShardSql.LSM_MAPPINGS.sql()).contains("ORDER BY low, DATALENGTH(low)");
    }

    private static List<Statement> statements0() {
        try {
            return statements();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // SQL Server's varbinary comparison: the shorter value padded with 0x00 (so values that
    // differ only by trailing zeros are equal), then unsigned bytes.
    private static int sqlServerCompare(byte[] a, byte[] b) {
        int n = Math.max(a.length, b.length);
        for (int i = 0; i < n; i++) {
            int x = i < a.length ? a[i] & 0xff : 0;
            int y = i < b.length ? b[i] & 0xff : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }

    /** {@code low <= key AND (low < key OR DATALENGTH(low) <= DATALENGTH(key))}. */
    private static boolean lowAtOrBelow(byte[] low, byte[] key) {
        int c = sqlServerCompare(low, key);
        return c <= 0 && (c < 0 || low.length <= key.length);
    }

    /** {@code (high > key OR (high = key AND DATALENGTH(high) > DATALENGTH(key)))}. */
    private static boolean above(byte[] high, byte[] key) {
        int c = sqlServerCompare(high, key);
        return c > 0 || (c == 0 && high.length > key.length);
    }

    @Test
    void theTieBreakMakesSqlServersComparisonTheKeyEncodingsExactOrder() {
        List<byte[]> keys = new ArrayList<>();
        for (Object k : List.of("", "a", "a\u0000", "a\u0000\u0000", "ab", "b", "\u0000")) {
            keys.add(KeyType.STRING.encode(k));
        }
        keys.add(new byte[] {1});
        keys.add(new byte[] {1, 0});
        keys.add(new byte[] {(byte) 0xff});
        keys.add(new byte[] {(byte) 0xff, 0});
        keys.add(KeyType.INTEGER.encode(Integer.MIN_VALUE)); // 00 00 00 00
        keys.add(KeyType.LONG.encode(0L));
        boolean plainComparisonDiffers = false;
        for (byte[] a : keys) {
            for (byte[] b : keys) {
                int exact = KeyType.compareEncoded(a, b);
                assertThat(lowAtOrBelow(a, b)).isEqualTo(exact <= 0);
                assertThat(above(a, b)).isEqualTo(exact > 0);
                plainComparisonDiffers |= (sqlServerCompare(a, b) <= 0) != (exact <= 0)
                        || (sqlServerCompare(a, b) > 0) != (exact > 0);
            }
        }
        assertThat(plainComparisonDiffers).as("without the tie-break SQL Server would differ").isTrue();
        // A point mapping is [key, key + 0x00): SQL Server alone calls its bounds equal.
        byte[] key = KeyType.STRING.encode("k");
        byte[] high = KeyType.successor(key);
        assertThat(sqlServerCompare(high, key)).isZero();
        assertThat(lowAtOrBelow(key, key) && above(high, key)).as("the point maps its key").isTrue();
    }

    @Test
    void everyKeyTypesEncodingFitsTheKeyColumn() throws Exception {
        Object varbinary = ssType("varbinary(900)");
        assertThat(driverConverts(sentJdbcType(byte[].class), varbinary)).isTrue();
        Map<KeyType, Object> samples = Map.of(KeyType.INTEGER, Integer.MAX_VALUE,
                KeyType.LONG, Long.MIN_VALUE, KeyType.UUID, UUID.randomUUID(),
                KeyType.STRING, "\uD83D\uDE00".repeat(225), KeyType.BINARY, new byte[900]);
        for (KeyType type : KeyType.values()) {
            assertThat(samples).containsKey(type);
            assertThat(type.encode(samples.get(type)).length).as(type.name())
                    .isLessThanOrEqualTo(900);
        }
    }

    @Test
    void mapLocksNameTheMapNotItsKeysAndFitTheResourceName() {
        UUID map = UUID.randomUUID();
        String resource = SqlServerShardSql.mapLockResource(map);
        assertThat(resource).contains(map.toString()).hasSizeLessThanOrEqualTo(255);
        assertThat(SqlServerShardSql.LOCK_MAP.sql()).contains("sp_getapplock")
                .contains("@LockOwner = 'Session'");
        assertThat(SqlServerShardSql.UNLOCK_MAP.sql()).contains("sp_releaseapplock")
                .contains("@LockOwner = 'Session'");
        assertThat(SqlServerShardSql.LOCK_SCHEMA.sql()).contains("@LockOwner = 'Transaction'");
    }
}
