package io.cqrsrouting.mybatis;

import io.cqrsrouting.core.Routing;
import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.core.RoutingIntent;
import io.cqrsrouting.core.StatementClassifier;
import org.apache.ibatis.builder.StaticSqlSource;
import org.apache.ibatis.executor.keygen.SelectKeyGenerator;
import org.apache.ibatis.mapping.BoundSql;
import org.apache.ibatis.mapping.MappedStatement;
import org.apache.ibatis.mapping.SqlCommandType;
import org.apache.ibatis.mapping.SqlSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.scripting.defaults.RawSqlSource;
import org.apache.ibatis.session.Configuration;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Classifies mapped statements: {@code <insert>}, {@code <update>}, {@code <delete>} and
 * {@code selectKey}s are writes; a {@code <select>} is a read unless its SQL says otherwise
 * ({@code FOR UPDATE/SHARE}, an {@code INSERT ... RETURNING} mapped as a select, ... see
 * {@link StatementClassifier}). Static SQL is classified once per statement.
 */
final class StatementTypes {

    static final RoutingIntent READ = RoutingIntent.query().withOrigin("MyBatis read statement");
    static final RoutingIntent WRITE = RoutingIntent.command().withOrigin("MyBatis write statement");

    private final Map<MappedStatement, RoutingIntent> staticSql = new ConcurrentHashMap<>();
    private final Map<MappedStatement, MappedStatement> uncached = new ConcurrentHashMap<>();

    RoutingIntent intentOf(MappedStatement ms, Object[] args, boolean update) {
        if (update || ms.getSqlCommandType() != SqlCommandType.SELECT
                || ms.getId().endsWith(SelectKeyGenerator.SELECT_KEY_SUFFIX)) {
            return WRITE;
        }
        if (args.length == 6 && args[5] instanceof BoundSql) {
            return of(((BoundSql) args[5]).getSql());
        }
        SqlSource source = ms.getSqlSource();
        if (source instanceof RawSqlSource || source instanceof StaticSqlSource) {
            RoutingIntent known = staticSql.get(ms);
            if (known == null) {
                known = of(ms.getBoundSql(args[1]).getSql());
                staticSql.put(ms, known);
            }
            return known;
        }
        return of(ms.getBoundSql(args[1]).getSql());
    }

    /**
     * Returns the statement to run for a read that a replica may serve: the statement itself if it
     * does not use a shared (second-level) cache, else a twin that neither reads nor fills it.
     * Twins are made once per statement.
     *
     * <p>Why: a write flushes its namespace's cache when it commits, and the next read, served by
     * a replica that has not replayed the write yet, would fill the cache with the old rows, which
     * then outlive the lag for as long as the cache keeps them. Only reads on the primary (in a
     * command or primary scope, or a transaction on the primary) use the cache.
     */
    MappedStatement bypassingSharedCache(MappedStatement ms) {
        if (ms.getCache() == null || !ms.isUseCache()) {
            return ms;
        }
        MappedStatement twin = uncached.get(ms);
        if (twin == null) {
            twin = uncached.computeIfAbsent(ms, StatementTypes::uncachedTwin);
        }
        return twin;
    }

    private static MappedStatement uncachedTwin(MappedStatement ms) {
        // Same id, SQL, maps and cache (a select with flushCache="true" still flushes it); only
        // useCache differs, so the caching executor goes straight to the database.
        MappedStatement.Builder b = new MappedStatement.Builder(ms.getConfiguration(), ms.getId(),
                ms.getSqlSource(), ms.getSqlCommandType())
                .resource(ms.getResource())
                .fetchSize(ms.getFetchSize())
                .timeout(ms.getTimeout())
                .statementType(ms.getStatementType())
                .resultSetType(ms.getResultSetType())
                .parameterMap(ms.getParameterMap())
                .resultMaps(ms.getResultMaps())
                .cache(ms.getCache())
                .flushCacheRequired(ms.isFlushCacheRequired())
                .useCache(false)
                .resultOrdered(ms.isResultOrdered())
                .keyGenerator(ms.getKeyGenerator())
                .keyProperty(join(ms.getKeyProperties()))
                .keyColumn(join(ms.getKeyColumns()))
                .databaseId(ms.getDatabaseId())
                .lang(ms.getLang())
                .resultSets(join(ms.getResultSets()))
                .dirtySelect(ms.isDirtySelect());
        return b.build();
    }

    private static String join(String[] parts) {
        return parts == null ? null : String.join(",", parts);
    }

    private static RoutingIntent of(String sql) {
        return StatementClassifier.isRead(sql) ? READ : WRITE;
    }

    /** @return the innermost scope's intent if someone other than this plugin opened it */
    static RoutingIntent explicitIntent() {
        RoutingIntent intent = Routing.currentIntent();
        return intent == READ || intent == WRITE ? null : intent;
    }

    static RoutingDataSource routerOf(Configuration configuration) {
        Environment env = configuration.getEnvironment();
        DataSource ds = env == null ? null : env.getDataSource();
        if (ds instanceof RoutingDataSource) {
            return (RoutingDataSource) ds;
        }
        try {
            return ds != null && ds.isWrapperFor(RoutingDataSource.class)
                    ? ds.unwrap(RoutingDataSource.class) : null;
        } catch (SQLException e) {
            return null;
        }
    }
}
