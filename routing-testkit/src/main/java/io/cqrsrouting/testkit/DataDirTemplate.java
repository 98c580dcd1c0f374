package io.cqrsrouting.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * A configured, cleanly shut-down data directory made once by {@code initdb} and cached
 * next to the binaries. Every node of every replica set is a copy of it: the primary
 * continues from its shutdown checkpoint, and the standbys replay from that same
 * checkpoint, streaming the rest from the primary, which is exactly what copying a
 * cleanly stopped primary gives, without a base backup.
 */
final class DataDirTemplate {

    /** Server settings shared by all nodes; port and cluster_name are given per node on the command line. */
    static final String CONFIG = String.join("\n",
            "",
            "# --- cqrs-routing testkit ---",
            "listen_addresses = '127.0.0.1'",
            "unix_socket_directories = ''",      // no socket files: no path-length or permission trouble
            "max_connections = 200",
            "shared_buffers = '16MB'",
            "fsync = off",                        // a test server survives process kills, not power loss
            "wal_level = logical",                // logical replication for online shard moves
            "max_logical_replication_workers = 4",
            "max_worker_processes = 16",
            "hot_standby = on",
            "max_wal_senders = 10",
            "max_replication_slots = 10",
            "wal_keep_size = '128MB'",
            "hot_standby_feedback = on",
            "wal_retrieve_retry_interval = '100ms'", // standbys reconnect quickly after a primary restart
            "wal_receiver_status_interval = '1s'",
            "autovacuum = off",
            "jit = off",
            "huge_pages = off",
            "password_encryption = 'scram-sha-256'",
            "timezone = 'UTC'",
            "log_timezone = 'UTC'",
            "");

    static final String HBA = String.join("\n",
            "# TYPE  DATABASE     USER  ADDRESS       METHOD",
            "host    all          all   127.0.0.1/32  scram-sha-256",
            "host    replication  all   127.0.0.1/32  scram-sha-256",
            "");

    private static volatile Path cached;

    private DataDirTemplate() {
    }

    /** The template directory, creating it with initdb the first time on this machine. */
    static Path get() {
        Path t = cached;
        if (t == null) {
            synchronized (DataDirTemplate.class) {
                if (cached == null) {
                    cached = createOrReuse();
                }
                t = cached;
            }
        }
        return t;
    }

    private static Path createOrReuse() {
        Path root = PgBinaries.cacheRoot();
        String key = PgBinaries.version() + "-" + Integer.toHexString((CONFIG + HBA + PostgresReplicaSet.PASSWORD).hashCode());
        Path target = root.resolve("template-" + key);
        if (Files.isRegularFile(target.resolve("global/pg_control")) && Files.isRegularFile(target.resolve("PG_VERSION"))) {
            return target;
        }
        if (Files.exists(target)) {
            FileTrees.discard(target);
        }
        Path staging = root.resolve(".initdb-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            Path pwFile = staging.resolve("pw");
            Files.writeString(pwFile, PostgresReplicaSet.PASSWORD + "\n", StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
            OsUser.handOver(staging);
            Path data = staging.resolve("data");
            OsUser.run(List.of(PgBinaries.bin("initdb").toString(), "-D", data.toString(),
                    "-U", PostgresReplicaSet.USERNAME, "--pwfile=" + pwFile, "-E", "UTF8", "--locale=C",
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--wal-segsize=1",
                    "--no-sync", "--no-instructions"), staging, Duration.ofMinutes(2));
            Files.writeString(data.resolve("postgresql.conf"), CONFIG, StandardOpenOption.APPEND);
            Files.writeString(data.resolve("pg_hba.conf"), HBA, StandardOpenOption.TRUNCATE_EXISTING);
            OsUser.handOver(data);
            FileTrees.publish(data, target);
            return target;
        } catch (IOException e) {
            throw new PostgresTestkitException("cannot create the template data directory in " + root, e);
        } finally {
            FileTrees.deleteQuietly(staging);
        }
    }
}
