package io.cqrsrouting.shard;

/**
 * The health of one shard, as its router's monitor last saw it.
 *
 * @param shard the shard
 * @param writable whether its primary is reachable and writable (commands can run)
 * @param replicasUp how many of its replicas are reachable
 * @param replicas how many replicas it has
 */
public record ShardHealth(Shard shard, boolean writable, int replicasUp, int replicas) {

    /** @return whether commands and reads can both be served */
    public boolean up() {
        return writable && (replicas == 0 || replicasUp > 0);
    }
}
