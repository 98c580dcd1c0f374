package io.cqrsrouting.core.failure;

import java.sql.SQLException;
import java.util.Objects;

/**
 * The result of {@link FailureClassifier#classify(Throwable)}: what kind of failure an exception
 * reports and the evidence it was decided on.
 *
 * @param kind the kind of failure, never {@code null}
 * @param sqlState the SQLState that decided the kind, or {@code null} if none was found
 * @param vendorCode the vendor error code of the deciding exception ({@code 0} if none)
 * @param nothingApplied {@code true} only when the database provably applied nothing for the
 *     failed call: the write was rejected as read-only, or a connection could not even be opened
 *     (connection refused or rejected, login-phase errors, a pool timeout). A non-idempotent command
 *     may be retried after such a failure. {@code false} means "unknown", not "something was
 *     applied".
 * @param source the exception in the chain that decided the kind, or {@code null} for
 *     {@link FailureKind#OTHER} with no SQL evidence
 */
public record Failure(FailureKind kind, String sqlState, int vendorCode, boolean nothingApplied,
        SQLException source) {

    private static final Failure UNKNOWN = new Failure(FailureKind.OTHER, null, 0, false, null);

    /**
     * Checks the kind is present.
     *
     * @param kind the kind of failure
     * @param sqlState the deciding SQLState, or {@code null}
     * @param vendorCode the deciding vendor code, or {@code 0}
     * @param nothingApplied whether the database provably applied nothing
     * @param source the deciding exception, or {@code null}
     */
    public Failure {
        Objects.requireNonNull(kind, "kind");
    }

    /** @return the failure reported for exceptions that carry no recognised database evidence */
    public static Failure unknown() {
        return UNKNOWN;
    }

    /** @return a short description without the exception message (which may quote SQL) */
    @Override
    public String toString() {
        return kind + "(sqlState=" + sqlState + ", vendorCode=" + vendorCode
                + ", nothingApplied=" + nothingApplied + ")";
    }
}
