package io.cqrsrouting.mybatis;

import org.apache.ibatis.transaction.Transaction;
import org.apache.ibatis.transaction.jdbc.JdbcTransaction;

import java.lang.reflect.Field;

/**
 * Whether a plain MyBatis session ({@link JdbcTransaction}) was opened in autocommit mode, known
 * before it opens its connection.
 *
 * <p>Why: a session opened with {@code autoCommit=false} is a transaction and must start where the
 * caller's scope says (the primary by default), while an autocommit session may open its connection
 * where its first statement belongs. {@code JdbcTransaction} keeps the flag in a protected field
 * with no getter (unchanged since MyBatis 3.0); if a future version hides it, every plain session
 * is treated as a transaction and autocommit reads still reach a replica, through a second
 * connection.
 */
final class JdbcAutoCommit {

    private static final Field FIELD = find();

    private JdbcAutoCommit() {
    }

    /**
     * @param transaction the session's transaction
     * @return whether its first statement may choose the route of its connection
     */
    static boolean statementMayChooseConnection(Transaction transaction) {
        if (!(transaction instanceof JdbcTransaction)) {
            // Spring-managed (and container-managed) transactions hand out the transaction's
            // connection whatever the scope, and a fresh autocommit connection otherwise.
            return true;
        }
        if (FIELD == null) {
            return false;
        }
        try {
            return FIELD.getBoolean(transaction);
        } catch (IllegalAccessException | RuntimeException e) {
            return false;
        }
    }

    private static Field find() {
        try {
            Field f = JdbcTransaction.class.getDeclaredField("autoCommit");
            return f.getType() == boolean.class && f.trySetAccessible() ? f : null;
        } catch (NoSuchFieldException | RuntimeException e) {
            return null;
        }
    }
}
