package io.cqrsrouting.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** The SQL side of the node controls: each change is made, then awaited until it is in effect. */
final class NodeControl {

    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);

    private NodeControl() {
    }

    static Duration promote(PostgresNode node) {
        try (Connection c = Sql.admin(node, 5)) {
            if (!"t".equals(Sql.query(c, "select pg_is_in_recovery()"))) {
                throw new IllegalStateException(node.name() + " is not a standby");
            }
            long start = System.nanoTime();
            // pg_promote(wait => true) polls only every 100 ms; our own polling measures finer
            Sql.query(c, "select pg_promote(false)");
            boolean done = Poll.until(Duration.ofSeconds(60), 2, () -> "f".equals(queryOrNull(c, "select pg_is_in_recovery()")));
            long took = System.nanoTime() - start;
            if (!done) {
                throw new PostgresTestkitException(node.name() + " is still in recovery 60 s after pg_promote()\n"
                        + node.postmaster().logTail());
            }
            return Duration.ofNanos(took);
        } catch (SQLException e) {
            throw failure(node, "promote", e);
        }
    }

    static void pauseReplay(PostgresNode node) {
        try (Connection c = Sql.admin(node, 5)) {
            Sql.query(c, "select pg_wal_replay_pause()");
            // 'pause requested' becomes 'paused' once the startup process notices
            boolean paused = Poll.until(CHANGE_TIMEOUT, 2,
                    () -> "paused".equals(queryOrNull(c, "select pg_get_wal_replay_pause_state()")));
            if (!paused) {
                throw new PostgresTestkitException(node.name() + ": replay not paused after " + CHANGE_TIMEOUT);
            }
        } catch (SQLException e) {
            throw failure(node, "pause replay", e);
        }
    }

    static void resumeReplay(PostgresNode node) {
        try (Connection c = Sql.admin(node, 5)) {
            Sql.query(c, "select pg_wal_replay_resume()");
        } catch (SQLException e) {
            throw failure(node, "resume replay", e);
        }
    }

    static void setReadOnly(PostgresNode node, boolean readOnly) {
        String value = readOnly ? "on" : "off";
        changeSetting(node, "default_transaction_read_only", readOnly ? "on" : null, value);
    }

    static void setSynchronousReplication(PostgresNode node, boolean on) {
        changeSetting(node, "synchronous_standby_names", on ? "'*'" : null, on ? "*" : "");
        if (on) {
            // the walsenders re-rank their standbys on reload; wait for that where a standby is connected
            if (!Poll.until(Duration.ofSeconds(5), 5, () -> !"t".equals(Sql.queryQuietly(node,
                    "select count(*) filter (where sync_state = 'sync') = 0 and count(*) > 0"
                            + " from pg_stat_replication where state = 'streaming'")))) {
                throw new PostgresTestkitException(node.name() + ": no connected standby became"
                        + " synchronous within 5 s");
            }
        }
    }

    static void awaitReplay(PostgresNode node, long lsn, Duration timeout) {
        try (Connection c = Sql.admin(node, 5)) {
            boolean reached = Poll.until(timeout, 5, () -> {
                String replayed = queryOrNull(c, "select pg_last_wal_replay_lsn()::text");
                return replayed != null && PgLsn.parse(replayed) >= lsn;
            });
            if (!reached) {
                String at = queryOrNull(c, "select pg_last_wal_replay_lsn()::text || ' (replay '"
                        + " || pg_get_wal_replay_pause_state() || ')'");
                throw new PostgresTestkitException(node.name() + " has not replayed up to " + PgLsn.format(lsn)
                        + " within " + timeout + "; it is at " + at);
            }
        } catch (SQLException e) {
            throw failure(node, "await replay", e);
        }
    }

    static void follow(PostgresNode node, PostgresNode upstream) {
        try (Connection c = Sql.admin(node, 5)) {
            Sql.execute(c, "alter system set primary_conninfo = '" + upstream.conninfoFor(node.name()) + "'");
            Sql.query(c, "select pg_reload_conf()");
        } catch (SQLException e) {
            throw failure(node, "follow " + upstream.name(), e);
        }
        boolean streaming = Poll.until(CHANGE_TIMEOUT, 10, () -> String.valueOf(upstream.port()).equals(
                Sql.queryQuietly(node, "select sender_port from pg_stat_wal_receiver where status = 'streaming'")));
        if (!streaming) {
            throw new PostgresTestkitException(node.name() + " does not stream from " + upstream.name() + " after "
                    + CHANGE_TIMEOUT + "\n" + node.postmaster().logTail());
        }
    }

    /**
     * ALTER SYSTEM (SET, or RESET when {@code sqlValue} is null) plus reload, then waits until
     * a new session shows {@code expected}. A new backend only sees it after the postmaster
     * has re-read the files and signalled every existing backend, and a signalled backend
     * re-reads its configuration before it runs the next statement it receives.
     */
    private static void changeSetting(PostgresNode node, String name, String sqlValue, String expected) {
        try (Connection c = Sql.admin(node, 5)) {
            // the ALTER must not itself be stopped by a read-only default
            Sql.execute(c, "set default_transaction_read_only = off");
            Sql.execute(c, sqlValue == null ? "alter system reset " + name : "alter system set " + name + " = " + sqlValue);
            Sql.query(c, "select pg_reload_conf()");
        } catch (SQLException e) {
            throw failure(node, "set " + name, e);
        }
        boolean applied = Poll.until(CHANGE_TIMEOUT, 2,
                () -> expected.equals(Sql.queryQuietly(node, "select current_setting('" + name + "')")));
        if (!applied) {
            throw new PostgresTestkitException(node.name() + ": " + name + " is not '" + expected + "' after reload");
        }
    }

    private static String queryOrNull(Connection c, String sql) {
        try {
            return Sql.query(c, sql);
        } catch (SQLException e) {
            return null;
        }
    }

    private static PostgresTestkitException failure(PostgresNode node, String what, SQLException e) {
        return new PostgresTestkitException(node.name() + ": cannot " + what + ": " + Logs.mask(e.getMessage()), e);
    }
}
