package io.cqrsrouting.core.failure;

import java.lang.reflect.Method;
import java.sql.SQLException;

/**
 * Reads the error severity of a mssql-jdbc {@code SQLServerException} without linking against the
 * driver, which is an optional dependency of the core: no class here names a driver type, so this
 * works (and answers {@code -1}) when the driver is absent, and works with a driver loaded by any
 * class loader, because the accessors are looked up on the exception's own class.
 *
 * <p>mssql-jdbc exposes the server's error as {@code SQLServerException.getSQLServerError()}, whose
 * {@code getErrorSeverity()} is the TDS "class": 20 and above means the server ended the
 * connection.
 */
final class SqlServerSeverity {

    static final String EXCEPTION_CLASS = "com.microsoft.sqlserver.jdbc.SQLServerException";

    /** Per exception class: the two accessors, or {@code null} if the class is not the driver's. */
    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            if (!EXCEPTION_CLASS.equals(type.getName())) {
                return null;
            }
            try {
                Method error = type.getMethod("getSQLServerError");
                Method severity = error.getReturnType().getMethod("getErrorSeverity");
                return new Method[] {error, severity};
            } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
                return null; // a driver version without these accessors: no severity
            }
        }
    };

    private SqlServerSeverity() {
    }

    /**
     * @param e any SQL exception
     * @return the SQL Server error severity it carries, or {@code -1} if it is not a mssql-jdbc
     *     exception from the server (driver-side errors have no server error attached)
     */
    static int of(SQLException e) {
        Method[] accessors = ACCESSORS.get(e.getClass());
        if (accessors == null) {
            return -1;
        }
        try {
            Object error = accessors[0].invoke(e);
            if (error == null) {
                return -1;
            }
            Object severity = accessors[1].invoke(error);
            return severity instanceof Integer ? (Integer) severity : -1;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError ex) {
            return -1;
        }
    }
}
