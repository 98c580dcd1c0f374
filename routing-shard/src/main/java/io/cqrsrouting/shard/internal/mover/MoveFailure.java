package io.cqrsrouting.shard.internal.mover;

import java.sql.SQLException;
import org.postgresql.util.PSQLException;

/** A move that cannot start or continue; the message names the problem and never a key value. */
public final class MoveFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MoveFailure(String message) {
        super(message);
    }

    /** The failure without anything a server may echo from the data (key values sit in its detail). */
    static String describe(Exception e) {
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            return p.getServerErrorMessage().getMessage() + " (" + p.getSQLState() + ")";
        }
        if (e instanceof SQLException s) {
            return s.getMessage() + " (" + s.getSQLState() + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
