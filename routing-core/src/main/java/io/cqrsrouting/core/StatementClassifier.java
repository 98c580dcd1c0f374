package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.SqlText;

/**
 * Tells from its text whether a SQL statement only reads, so that a replica may serve it. Used by
 * the adapters that route by statement type (jOOQ, MyBatis) when no explicit scope is open.
 *
 * <p>A statement is a <em>read</em> when every statement in the text starts (after comments and
 * opening parentheses) with {@code SELECT}, {@code VALUES}, {@code TABLE}, {@code SHOW},
 * {@code EXPLAIN} or {@code WITH}, and none contains
 * <ul>
 *   <li>{@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code MERGE} (data-modifying CTEs, and
 *       {@code FOR UPDATE} / {@code FOR NO KEY UPDATE});</li>
 *   <li>a shared lock: {@code FOR SHARE}, {@code FOR KEY SHARE}, {@code LOCK IN SHARE MODE}, or SQL
 *       Server's {@code UPDLOCK}, {@code XLOCK}, {@code HOLDLOCK} hints;</li>
 *   <li>{@code SELECT ... INTO} (creates a table or assigns variables);</li>
 *   <li>a sequence advance: {@code nextval}, {@code setval}, {@code NEXT VALUE FOR};</li>
 *   <li>{@code ANALYZE} ({@code EXPLAIN ANALYZE} runs the statement);</li>
 *   <li>a function whose answer depends on the database session, or that changes it, or that
 *       only a primary can run: {@code currval}, {@code lastval}, {@code set_config},
 *       {@code pg_advisory_*} / {@code pg_try_advisory_*} locks, {@code pg_notify},
 *       {@code txid_current}, {@code pg_current_xact_id}, {@code pg_current_wal_*_lsn}; SQL
 *       Server's {@code SCOPE_IDENTITY}, {@code @@IDENTITY}, {@code IDENT_CURRENT},
 *       {@code APPLOCK_MODE}, {@code APPLOCK_TEST};</li>
 *   <li>a SQL Server temporary table ({@code #name}, {@code ##name}) or PostgreSQL's
 *       {@code pg_temp} schema: temporary tables live in one session of the primary.</li>
 * </ul>
 * Everything else is a write, including text it cannot make sense of: sending a read to the
 * primary only costs offload, sending a write to a replica costs an error. Keywords inside
 * comments, string literals, quoted identifiers and dollar-quoted bodies do not count.
 *
 * <p>It cannot see inside functions: a {@code SELECT} that calls a function with side effects is a
 * read here and needs an explicit command scope, or the route hint {@code /* cqrs:primary *}{@code /}
 * in its text ({@link #PRIMARY_HINT}).
 *
 * <p>Allocation-free and linear in the length of the text.
 */
public final class StatementClassifier {

    /**
     * The route hint: a block comment {@code /* cqrs:primary *}{@code /} anywhere in the text
     * (case-insensitive, blanks around it allowed) makes the statement a write, so statement-type
     * routing sends it to the primary. There is no replica hint: a hint may only move a
     * statement towards the primary.
     */
    public static final String PRIMARY_HINT = SqlText.PRIMARY_HINT;

    private StatementClassifier() {
    }

    /**
     * @param sql the statement text, possibly several statements separated by {@code ;}
     * @return whether a replica may serve it; {@code false} for {@code null} or blank text
     */
    public static boolean isRead(String sql) {
        return SqlText.isRead(sql);
    }
}
