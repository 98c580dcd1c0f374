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
