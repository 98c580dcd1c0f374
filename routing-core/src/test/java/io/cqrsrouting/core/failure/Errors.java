package io.cqrsrouting.core.failure;

import com.microsoft.sqlserver.jdbc.SQLServerError;
import com.microsoft.sqlserver.jdbc.SQLServerException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.lang.reflect.Constructor;

/**
 * Builds real driver exceptions the way the drivers do: PostgreSQL ones from a server error
 * message (the wire format pgjdbc parses), SQL Server ones from a {@link SQLServerError}, as
 * mssql-jdbc builds them from a TDS error token. mssql-jdbc keeps those constructors
 * package-private, hence the reflection.
 */
public final class Errors {

    private Errors() {
    }

    /** A PostgreSQL server error as pgjdbc builds it from an ErrorResponse message. */
    public static PSQLException pg(String severity, String sqlState, String message) {
        return new PSQLException(new ServerErrorMessage(
                "S" + severity + "\0V" + severity + "\0C" + sqlState + "\0M" + message + "\0"));
    }

    public static PSQLException pgError(String sqlState, String message) {
        return pg("ERROR", sqlState, message);
    }

    /** A SQL Server error raised by the server, as mssql-jdbc's makeFromDatabaseError builds it. */
    public static SQLServerException sqlServer(int number, int severity, String message) {
        try {
            Constructor<SQLServerError> c = SQLServerError.class.getDeclaredConstructor();
            c.setAccessible(true);
            SQLServerError error = c.newInstance();
            error.setErrorNumber(number);
            error.setErrorSeverity(severity);
            error.setErrorMessage(message);
            return new SQLServerException(error);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("mssql-jdbc internals changed", e);
        }
    }

    /**
     * A SQL Server error raised by the server with the SQLState the driver chose for it (with
     * {@code xopenStates=true} mssql-jdbc picks X/Open states, e.g. 08001 for 18456).
     */
    public static SQLServerException sqlServerWithState(int number, int severity, String message,
            String sqlState) {
        try {
            Constructor<SQLServerError> c = SQLServerError.class.getDeclaredConstructor();
            c.setAccessible(true);
            SQLServerError error = c.newInstance();
            error.setErrorNumber(number);
            error.setErrorSeverity(severity);
            error.setErrorMessage(message);
            Constructor<SQLServerException> e = SQLServerException.class.getDeclaredConstructor(
                    Object.class, String.class, String.class, SQLServerError.class, boolean.class);
            e.setAccessible(true);
            return e.newInstance(null, message, sqlState, error, false);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("mssql-jdbc internals changed", e);
        }
    }

    /** A driver-side SQL Server error (no server error attached), e.g. 08S01 or HY008. */
    public static SQLServerException sqlServerDriver(String message, String sqlState, int errorCode,
            Throwable cause) {
        try {
            Constructor<SQLServerException> c = SQLServerException.class.getDeclaredConstructor(
                    String.class, String.class, int.class, Throwable.class);
            c.setAccessible(true);
            return c.newInstance(message, sqlState, errorCode, cause);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("mssql-jdbc internals changed", e);
        }
    }
}
