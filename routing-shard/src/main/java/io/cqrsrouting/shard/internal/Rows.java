package io.cqrsrouting.shard.internal;

import java.util.List;
import java.util.UUID;

/** Rows of the shard map tables, as the store reads and writes them. */
public final class Rows {

    private Rows() {
    }

    /** A shard map: name, kind ({@code RANGE} or {@code LIST}) and key type. */
    public record MapRow(UUID id, String name, String kind, KeyType keyType) {
    }

    /** A shard: its primary URL and replica URLs (no credentials), version and status. */
    public record ShardRow(UUID id, UUID mapId, String primaryUrl, List<String> replicaUrls, long version,
            String status) {
    }

    /**
     * A mapping: encoded keys {@code [low, high)}, {@code high == null} for +infinity; a point
     * mapping of key k is {@code [enc(k), enc(k) || 0x00)}.
     */
    public record MappingRow(UUID id, UUID mapId, UUID shardId, byte[] low, byte[] high, String status,
            long version) {

        /** @return a copy with another status and the next version */
        public MappingRow withStatus(String newStatus) {
            return new MappingRow(id, mapId, shardId, low, high, newStatus, version + 1);
        }

        @Override
        public String toString() {
            return "mapping " + id + " v" + version + " " + status; // never the key values
        }
    }
}
