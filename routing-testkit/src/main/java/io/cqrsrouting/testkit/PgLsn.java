package io.cqrsrouting.testkit;

/**
 * Converts PostgreSQL log sequence numbers between their text form ({@code "16/B374D848"},
 * as returned by {@code pg_current_wal_lsn()}) and a {@code long} that orders the same way
 * as the positions in the write-ahead log.
 */
public final class PgLsn {

    private PgLsn() {
    }

    /**
     * Parses {@code "X/Y"} (two hexadecimal halves) into one 64-bit position.
     *
     * @throws IllegalArgumentException when the text is not an LSN
     */
    public static long parse(String lsn) {
        int slash = lsn == null ? -1 : lsn.indexOf('/');
        if (slash <= 0 || slash == lsn.length() - 1) {
            throw new IllegalArgumentException("not an LSN: " + lsn);
        }
        try {
            long high = Long.parseLong(lsn.substring(0, slash), 16);
            long low = Long.parseLong(lsn.substring(slash + 1), 16);
            if (high > 0xFFFF_FFFFL || low > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("not an LSN: " + lsn);
            }
            return (high << 32) | low;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not an LSN: " + lsn, e);
        }
    }

    /** Formats a position the way PostgreSQL prints it ({@code "16/B374D848"}). */
    public static String format(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase() + "/" + Long.toHexString(lsn & 0xFFFF_FFFFL).toUpperCase();
    }
}
