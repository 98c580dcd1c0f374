package io.cqrsrouting.dialect;

/** What an endpoint's database said it is at the monitor's last probe. */
public enum NodeRole {
    /** Not probed yet, unreachable, or a database the router cannot ask. */
    UNKNOWN,
    /** Accepts writes. */
    WRITABLE,
    /** Read-only: a standby, a read scale-out replica, or a primary set read-only. */
    READ_ONLY
}
