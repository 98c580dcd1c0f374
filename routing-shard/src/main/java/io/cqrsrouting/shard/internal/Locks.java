package io.cqrsrouting.shard.internal;

import java.util.UUID;

/** Advisory lock keys (two-int form: a class, then an object) used by the shard map store. */
final class Locks {

    /** Serializes schema creation. */
    static final int SCHEMA_CLASS = 0x43515253; // "CQRS"
    /** Serializes changes of one shard map (object: a hash of the map id), held across GSM and LSM steps. */
    static final int MAP_CLASS = 0x43515254;

    private Locks() {
    }

    static int object(UUID id) {
        return id.hashCode();
    }
}
