package io.cqrsrouting.shard;

import java.time.Duration;

/**
 * One completed repair step of the {@link RecoveryManager}, for listeners and metrics. Holds no
 * key value and no credential.
 *
 * @param operation DETACH, ATTACH, RESOLVE, FAILOVER or DETECT
 * @param mapName the shard map repaired
 * @param location the shard's primary JDBC URL
 * @param writes how many rows the repair wrote or deleted in the maps (0: nothing to do); for
 *        DETECT, how many differences were found
 * @param took how long it took
 */
public record RecoveryEvent(String operation, String mapName, String location, int writes, Duration took) {
}
