package io.cqrsrouting.mybatis;

import org.apache.ibatis.executor.Executor;
import org.apache.ibatis.executor.statement.StatementHandler;
import org.apache.ibatis.plugin.Interceptor;
import org.apache.ibatis.plugin.Invocation;
import org.apache.ibatis.plugin.Plugin;

/**
 * Statement-type routing for MyBatis, for a {@code SqlSessionFactory} whose {@code DataSource} is
 * a {@link io.cqrsrouting.core.RoutingDataSource}: without any annotation, {@code <select>}s go to
 * a replica and everything else to the primary.
 *
 * <ul>
 *   <li>{@code <insert>}, {@code <update>}, {@code <delete>}, {@code selectKey}s, and
 *       {@code <select>}s whose SQL locks rows ({@code FOR UPDATE/SHARE}) or writes
 *       ({@code INSERT ... RETURNING}) go to the primary (see
 *       {@link io.cqrsrouting.core.StatementClassifier}).</li>
 *   <li>An explicit scope ({@code @Command}, {@code @Query}, {@code @Consistent}, {@code Routing})
 *       decides where a read runs. A read-your-writes read is served like a JDBC read in the same
 *       scope: by a replica that has replayed the caller's writes, else by the primary.</li>
 *   <li>A write never runs on a replica: in a read scope it runs on the primary (like a
 *       {@code @Command} inside a {@code @Query}); in a transaction bound to a replica it fails
 *       with a {@link io.cqrsrouting.core.RouteConflictException} before it is prepared.</li>
 *   <li>In a transaction (Spring-managed, or a session opened with {@code autoCommit=false}) every
 *       statement uses the transaction's connection, which never switches; such a session starts
 *       where the caller's scope says, the primary by default.</li>
 *   <li>A read that a replica may serve neither reads nor fills a shared (second-level,
 *       {@code <cache/>}) cache: a replica that has not replayed a write would otherwise refill
 *       the cache the write flushed with the old rows. Reads on the primary use it as usual. A read
 *       that needs the primary or the caller's writes is never answered from rows the session's
 *       local cache holds from replica reads.</li>
 *   <li>In an autocommit session each statement runs on its route, even though MyBatis keeps one
 *       connection per session: a statement whose route differs from that connection's runs on a
 *       second connection of its route, kept until the session closes.</li>
 * </ul>
 *
 * <p>Register it like any plugin ({@code <plugins>}, {@code Configuration.addInterceptor},
 * {@code SqlSessionFactoryBean.setPlugins}); with Spring Boot and mybatis-spring-boot-starter it is
 * registered automatically.
 */
public class RoutingInterceptor implements Interceptor {

    private final StatementTypes types = new StatementTypes();

    /** Creates the plugin; it has no settings. */
    public RoutingInterceptor() {
    }

    @Override
    public Object plugin(Object target) {
        if (target instanceof Executor) {
            // one router per session: it owns that session's extra connections
            return Plugin.wrap(target, new SessionRouter(types));
        }
        if (target instanceof StatementHandler) {
            StatementFrame frame = StatementFrame.current();
            return frame != null && frame.watchPrepare
                    ? Plugin.wrap(target, ConnectionSwitch.INSTANCE) : target;
        }
        return target;
    }

    @Override
    public Object intercept(Invocation invocation) throws Throwable {
        // plugin() wraps targets with the session's own interceptors; nothing reaches this one
        return invocation.proceed();
    }
}
