package io.cqrsrouting.shard;

/**
 * A move's progress as persisted in the shard-map-manager database.
 *
 * @param state where it stands
 * @param percent rows copied over rows to move (100 once completed)
 * @param detail the current step and its last event (no key values)
 * @param rowsCopied rows copied so far
 * @param step the persisted step (PLANNED, OFFLINE, FENCED, COPIED, SWITCHED, ...)
 */
public record MoveStatus(MoveState state, int percent, String detail, long rowsCopied, String step) {
}
