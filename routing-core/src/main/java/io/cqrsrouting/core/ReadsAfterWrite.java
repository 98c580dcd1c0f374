package io.cqrsrouting.core;

/**
 * What a plain read ({@code @Query}, {@code @Transactional(readOnly = true)}, a Spring Data
 * repository read) may see in a session that has written: the session's own commits, or whatever
 * a replica within the staleness bound has.
 *
 * <p>The default is {@link #READ_YOUR_WRITES}, because that is what users of a web application
 * expect: after POST → redirect → GET the page shows what they just saved, although the GET's
 * reads are plain repository reads. It costs little: only sessions that wrote are affected, a
 * replica that has replayed the session's last write still serves them (usually within
 * milliseconds), and the position is resolved without a round trip when a monitor probe already
 * covers it. Choose {@link #EVENTUAL} where staleness after one's own write is acceptable and every
 * read should be offloaded.
 */
public enum ReadsAfterWrite {

    /**
     * A plain read in a session that wrote is served by a replica that has replayed the session's
     * last write, else by the primary (it does not wait: use {@code @Consistent(waitMillis)} for
     * that).
     */
    READ_YOUR_WRITES,

    /** Plain reads go to any eligible replica, whatever the session wrote. */
    EVENTUAL
}
