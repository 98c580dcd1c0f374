package io.cqrsrouting.shard.internal;

import io.cqrsrouting.shard.internal.StoreSql.Q;
import org.junit.jupiter.api.Test;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shard map store's statement set is complete in both dialects: every statement the store
 * issues comes from {@link StoreSql} (no SQL text elsewhere in the store's classes), has a T-SQL
 * form, and that form is accepted by the real mssql-jdbc driver's own statement preparation (its
 * JDBC escape translation leaves it unchanged and it finds the same parameter markers the store
 * binds, which are the ones the real PostgreSQL driver finds in the PostgreSQL form). The
 * dialect is chosen from the real drivers' product names.
 */
class StoreSqlTest {

    private static final Class<?> SS_CONNECTION = driverClass("SQLServerConnection");

    private static Class<?> driverClass(String name) {
        try {
            return Class.forName("com.microsoft.sqlserver.jdbc." + name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The driver's parse of a statement it prepares: {@code [processed SQL, parameter positions]}. */
    private static Object[] mssqlParse(String sql) throws Exception {
        Class<?> keyType = driverClass("SQLServerConnection$CityHash128Key");
        Constructor<?> key = keyType.getDeclaredConstructor(String.class);
        key.setAccessible(true);
        Method parse = SS_CONNECTION.getDeclaredMethod("parseAndCacheSQL", keyType, String.class);
        parse.setAccessible(true);
        Object item = parse.invoke(null, key.newInstance(sql), sql);
        Class<?> itemType = driverClass("ParsedSQLCacheItem");
        Field processed = itemType.getDeclaredField("processedSQL");
        Field positions = itemType.getDeclaredField("parameterPositions");
        processed.setAccessible(true);
        positions.setAccessible(true);
        return new Object[] {processed.get(item), positions.get(item)};
    }

    /** The number of bind parameters the PostgreSQL driver finds (one statement, standard strings). */
    private static int pgMarkers(String sql) throws Exception {
        List<NativeQuery> qs = Parser.parseJdbcSql(sql, true, true, true, false, false);
        assertThat(qs).as(sql).hasSize(1);
        return qs.get(0).bindPositions.length;
    }

    @Test
    void everyStatementOfTheStoreHasATsqlFormTheDriverPreparesUnchangedWithTheStoresParameters()
            throws Exception {
        Map<Q, SqlServerShardSql.Statement> tsql = SqlServerShardSql.byQuery();
        assertThat(tsql.keySet()).containsExactlyInAnyOrder(Q.values());
        for (Q q : Q.values()) {
            String pg = StoreSql.POSTGRES.sql(q);
            String ss = StoreSql.SQL_SERVER.sql(q);
            assertThat(ss).as(q.name()).isEqualTo(tsql.get(q).sql());
            Object[] parsed = mssqlParse(ss);
            assertThat(parsed[0]).as("%s: no JDBC escape rewritten", q).isEqualTo(ss);
            int markers = ((int[]) parsed[1]).length;
            assertThat(markers).as("%s: declared parameters", q).isEqualTo(tsql.get(q).params().size());
            assertThat(markers).as("%s: same binding as PostgreSQL's %s", q, pg).isEqualTo(pgMarkers(pg));
        }
    }

    @Test
    void noTsqlStatementOrSchemaUsesPostgresqlOnlySyntax() {
        List<String> all = new ArrayList<>(StoreSql.SQL_SERVER.gsmDdl());
        all.addAll(StoreSql.SQL_SERVER.lsmDdl());
        for (Q q : Q.values()) {
            all.add(StoreSql.SQL_SERVER.sql(q));
        }
        Pattern postgresOnly = Pattern.compile("(?i)on conflict|\\blimit \\d|\\breturning\\b|\\bbytea\\b|\\bboolean\\b"
                + "|\\bpg_\\w+|to_regclass|::|\\bexcluded\\.|create \\w+ if not exists|\\btimestamptz\\b|\\buuid\\b|\\$f\\$");
        for (String s : all) {
            Matcher m = postgresOnly.matcher(s);
            assertThat(m.find() ? m.group() : null).as(s).isNull();
        }
        // and the PostgreSQL forms are PostgreSQL (the dialects are not swapped)
        assertThat(StoreSql.POSTGRES.sql(Q.UPSERT_MAPPING)).contains("on conflict");
        assertThat(StoreSql.SQL_SERVER.sql(Q.UPSERT_MAPPING)).startsWith("MERGE");
        assertThat(StoreSql.SQL_SERVER.sql(Q.LOCK_MAP)).contains("sp_getapplock");
        assertThat(StoreSql.SQL_SERVER.sql(Q.UNLOCK_MAP)).contains("sp_releaseapplock");
        assertThat(StoreSql.SQL_SERVER.gsmDdl()).isEqualTo(SqlServerShardSql.gsmDdl());
        assertThat(StoreSql.SQL_SERVER.lsmDdl()).isEqualTo(SqlServerShardSql.lsmDdl());
        assertThat(StoreSql.POSTGRES.lsmDdl()).containsAll(Leases.DDL);
    }

    @Test
    void theValidationQueryIsOneTextForBothSoTheCheckoutPathNeverLooksUpADialect() throws Exception {
        assertThat(StoreSql.SQL_SERVER.sql(Q.VALIDATE)).isEqualTo(Lsm.VALIDATE)
                .isEqualTo(StoreSql.POSTGRES.sql(Q.VALIDATE)).startsWith(Validator.MARK);
        assertThat(StoreSql.SQL_SERVER.sql(Q.CLEAR)).isEqualTo(Validator.CLEAR);
        assertThat(((int[]) mssqlParse(Lsm.VALIDATE)[1])).hasSize(1);
    }

    /**
     * Gsm, Lsm, OperationLog, ShardMapStore, OperationReplay and MapLocks issue no SQL of their own:
     * all of it is in StoreSql.
     */
    @Test
    void theStoreIssuesNoStatementOutsideTheDialectTable() throws Exception {
        Path dir = Path.of("src/main/java/io/cqrsrouting/shard/internal");
        Pattern literalSql = Pattern.compile("(prepareStatement|execute|executeQuery|executeUpdate|addBatch)\\(\\s*\"");
        Pattern sqlText = Pattern.compile("(?i)\"[^\"]*\\b(select|insert into|delete from|merge|update \\w+\\.|create (table|schema|index)|pg_\\w+|sp_\\w+)\\b");
        for (String file : List.of("Gsm.java", "Lsm.java", "OperationLog.java", "ShardMapStore.java",
                "OperationReplay.java", "MapLocks.java", "Validator.java")) {
            String src = Files.readString(dir.resolve(file));
            assertThat(literalSql.matcher(src).find()).as(file).isFalse();
            for (String line : src.split("\n")) {
                String code = line.trim();
                if (code.startsWith("*") || code.startsWith("/")) {
                    continue;
                }
                if (sqlText.matcher(code).find()) {
                    // the only SQL text left: the validation query and its markers, shared by both dialects
                    assertThat(code).as(file).containsAnyOf("VALIDATE =", "CLEAR =", "MARK =");
                }
            }
        }
    }

    @Test
    void theDialectComesFromTheDriversProductName() throws Exception {
        // mssql-jdbc's SQLServerDatabaseMetaData answers this constant without a round trip (it
        // needs an open connection to be asked: the live suites ask a real one)
        assertThat(StoreSql.forProduct("Microsoft SQL Server")).isSameAs(StoreSql.SQL_SERVER);
        assertThat(StoreSql.forProduct("PostgreSQL")).isSameAs(StoreSql.POSTGRES); // PgDatabaseMetaData's constant
        assertThatThrownBy(() -> StoreSql.forProduct("MySQL")).hasMessageContaining("'MySQL' is not supported");
    }
}
