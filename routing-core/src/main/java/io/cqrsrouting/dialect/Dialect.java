package io.cqrsrouting.dialect;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the router needs to know about one kind of database. Implementations are stateless and
 * thread-safe. Only the monitor and the commit hook call the probing methods, on their own
 * connections or right after a commit; none of them is on the per-call routing path.
 *
 * <p>Log positions are {@code long}s that grow with the database's transaction log; a replica
 * has seen a write once its replayed position is at least the position recorded after the write's
 * commit. Implementations round so that comparisons err on the side of "not caught up yet".
 */
public interface Dialect {

    /** @return a short name, e.g. {@code postgresql} or {@code sqlserver} */
    String name();

    /**
     * @param jdbcUrl a JDBC URL
     * @return whether this dialect handles databases reached through that URL
     */
    boolean acceptsUrl(String jdbcUrl);

    /**
     * @param databaseProductName {@code DatabaseMetaData.getDatabaseProductName()}
     * @return whether this dialect handles that product
     */
    boolean acceptsProduct(String databaseProductName);

    /**
     * Derives the read-only endpoint of a primary URL, where the database has one (SQL Server
     * read scale-out: the same address with {@code applicationIntent=ReadOnly}).
     *
     * @param primaryUrl the primary's JDBC URL
     * @return the read-only URL, or {@code null} if the dialect has no such notion
     */
    String readOnlyUrl(String primaryUrl);

    /**
     * Asks a node what it is and how far it has replayed.
     *
     * @param connection a connection to the node (the monitor's own)
     * @return the node's state
     * @throws SQLException if the node cannot answer
     */
    NodeState probe(Connection connection) throws SQLException;

    /**
     * Returns the log position that covers everything committed so far on this (primary)
     * connection's database: a consistency token for read-your-writes.
     *
     * <p>Contract shared with {@link #probe}: the position a probe reports for a primary is the
     * same quantity, so that any primary position read after a commit covers that commit. The
     * router relies on it to resolve tokens from its monitor's probes without a round trip.
     *
     * @param connection a connection to the primary, after the commit
     * @return the position, or {@code -1} if the database does not tell
     * @throws SQLException if the query fails
     */
    long commitPosition(Connection connection) throws SQLException;
}
