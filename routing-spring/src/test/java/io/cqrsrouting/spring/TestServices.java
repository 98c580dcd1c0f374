package io.cqrsrouting.spring;

import static io.cqrsrouting.spring.ReplicaSetSupport.node;
import static io.cqrsrouting.spring.ReplicaSetSupport.nodeAndPid;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;
import io.cqrsrouting.core.Route;
import io.cqrsrouting.core.Routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.annotation.Transactional;

/** Annotated beans whose methods report which node served them. */
public final class TestServices {

    private TestServices() {
    }

    /** What a scope sees: its route and the node that served a statement. */
    public record Seen(Route route, String node) {
        static Seen now(JdbcTemplate jdbc) {
            return new Seen(Routing.currentRoute(), ReplicaSetSupport.node(jdbc));
        }
    }

    /** Leaf methods, one per intent. */
    public static class Nodes {
        final JdbcTemplate jdbc;
        final AtomicInteger commandBodies = new AtomicInteger();

        public Nodes(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        /** @return how many command bodies ran (a method: fields of a CGLIB proxy are empty) */
        public int commandBodies() {
            return commandBodies.get();
        }

        @Query
        public String query() {
            return node(jdbc);
        }

        @Command
        public String command() {
            commandBodies.incrementAndGet();
            return node(jdbc);
        }

        @Consistent
        public String consistent() {
            return node(jdbc);
        }

        public String unannotated() {
            return node(jdbc);
        }

        @Command
        public String failingCommand() {
            node(jdbc);
            throw new IllegalStateException("command failed on purpose");
        }

        @Transactional
        @Command
        public String failingTransactionalCommand() {
            node(jdbc);
            throw new IllegalStateException("transactional command failed on purpose");
        }

        /** @return node:pid of three statements of one transaction */
        @Transactional
        @Query
        public List<String> transactionalQuery() {
            return List.of(nodeAndPid(jdbc), nodeAndPid(jdbc), nodeAndPid(jdbc));
        }

        @Transactional(readOnly = true)
        public List<String> readOnlyTransaction() {
            return List.of(nodeAndPid(jdbc), nodeAndPid(jdbc));
        }

        @Transactional
        @Command
        public List<String> transactionalCommand() {
            return List.of(nodeAndPid(jdbc), nodeAndPid(jdbc));
        }
    }

    /** Methods that call other routed beans. */
    public static class Outer {
        final JdbcTemplate jdbc;
        final Nodes nodes;
        final AsyncNodes async;

        public Outer(JdbcTemplate jdbc, Nodes nodes, AsyncNodes async) {
            this.jdbc = jdbc;
            this.nodes = nodes;
            this.async = async;
        }

        public JdbcTemplate jdbc() {
            return jdbc;
        }

        /** @return [own node, nested query's node] */
        @Command
        public List<String> queryInsideCommand() {
            return List.of(node(jdbc), nodes.query());
        }

        /** @return [own node, nested query's node] in one transaction */
        @Transactional
        @Command
        public List<String> queryInsideTransactionalCommand() {
            return List.of(nodeAndPid(jdbc), nodes.query(), nodeAndPid(jdbc));
        }

        /** @return [node before, nested command's node, node after] */
        @Query
        public List<String> commandInsideQuery() {
            String before = node(jdbc);
            String inner = nodes.command();
            return List.of(before, inner, node(jdbc));
        }

        /** @return [node before, node after a nested command failed] */
        @Query
        public List<String> failingCommandInsideQuery() {
            String before = node(jdbc);
            try {
                nodes.failingCommand();
            } catch (IllegalStateException expected) {
                // the outer scope carries on
            }
            return List.of(before, node(jdbc));
        }

        @Transactional
        @Query
        public String commandInsideTransactionalQuery() {
            node(jdbc);
            return nodes.command();
        }

        /** @return what a wrapped task and then a plain task saw on the given pool thread */
        @Query
        public List<Seen> onExecutor(ExecutorService pool) throws Exception {
            List<Seen> seen = new ArrayList<>();
            seen.add(pool.submit(Routing.wrap(() -> Seen.now(jdbc))).get());
            seen.add(pool.submit(() -> Seen.now(jdbc)).get());
            Routing.wrap(pool).execute(() -> seen.add(Seen.now(jdbc)));
            seen.add(pool.submit(() -> Seen.now(jdbc)).get()); // also waits for the execute
            return seen;
        }

        @Query
        public Seen asyncInsideQuery() {
            return async.seen().join();
        }

        @Command
        public Seen asyncInsideCommand() {
            return async.seen().join();
        }
    }

    /** A class-level annotation with one method overriding it. */
    @Query
    public static class QueryByDefault {
        final JdbcTemplate jdbc;

        public QueryByDefault(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        public String inherited() {
            return node(jdbc);
        }

        @Command
        public String overridden() {
            return node(jdbc);
        }
    }

    /** Annotated on the interface only: proxied as a JDK interface proxy. */
    public interface ReportRepository {
        @Query
        String report();
    }

    public static class ReportRepositoryImpl implements ReportRepository {
        final JdbcTemplate jdbc;

        public ReportRepositoryImpl(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Override
        public String report() {
            return node(jdbc);
        }
    }

    /** {@code @Async} methods, run on the executor with the routing task decorator. */
    public static class AsyncNodes {
        final JdbcTemplate jdbc;

        public AsyncNodes(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        @Async
        public CompletableFuture<Seen> seen() {
            return CompletableFuture.completedFuture(Seen.now(jdbc));
        }

        @Async
        @Query
        public CompletableFuture<Seen> asyncQuery() {
            return CompletableFuture.completedFuture(Seen.now(jdbc));
        }
    }
}
