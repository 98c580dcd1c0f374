package io.cqrsrouting.testkit;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * The databases of a replica set: created on the original primary and usable on every running
 * standby as soon as {@link #create} returns (it waits for their replay), for
 * {@link PostgresReplicaSet#createDatabase} and {@link PostgresReplicaSet#databases}.
 */
final class Databases {

    private Databases() {
    }

    /**
     * Creates database {@code name} on {@code primary} unless it exists, then waits until every
     * running, unfrozen standby in recovery has replayed it.
     *
     * @return {@code name}
     * @throws IllegalArgumentException if the name is not a plain lower-case identifier
     */
    static String create(PostgresNode primary, List<PostgresNode> standbys, String name) {
        if (name == null || !name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("database name must be a lower-case identifier: " + name);
        }
        try (Connection c = Sql.admin(primary, 10)) {
            if (Sql.query(c, "select 1 from pg_database where datname = '" + name + "'") == null) {
                Sql.execute(c, "create database " + name);
            }
        } catch (SQLException e) {
            throw new PostgresTestkitException("cannot create database " + name + " on " + primary
                    + ": " + Logs.mask(e.getMessage()), e);
        }
        long at = primary.walLsn();
        for (PostgresNode s : standbys) {
            if (s.isRunning() && !s.isFrozen() && s.isInRecovery()) {
                s.awaitReplay(at, Duration.ofSeconds(30));
            }
        }
        return name;
    }

    /** @return the names of the databases on {@code primary} other than the templates, sorted */
    static List<String> of(PostgresNode primary) {
        String all = Sql.query(primary, "select string_agg(datname, ',' order by datname) from pg_database"
                + " where not datistemplate");
        return all == null ? List.of() : List.of(all.split(","));
    }
}
