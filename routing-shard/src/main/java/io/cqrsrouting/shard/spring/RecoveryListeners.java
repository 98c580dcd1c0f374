package io.cqrsrouting.shard.spring;

import io.cqrsrouting.shard.RecoveryEvent;
import io.cqrsrouting.shard.RecoveryListener;
import io.cqrsrouting.shard.RecoveryToken;
import io.cqrsrouting.shard.ShardLocation;

import java.util.List;

/** Several {@link RecoveryListener}s as one, called in order. */
final class RecoveryListeners implements RecoveryListener {

    private final List<RecoveryListener> all;

    RecoveryListeners(List<RecoveryListener> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void repaired(RecoveryEvent event) {
        for (RecoveryListener l : all) {
            l.repaired(event);
        }
    }

    @Override
    public void detected(ShardLocation location, List<RecoveryToken> differences) {
        for (RecoveryListener l : all) {
            l.detected(location, differences);
        }
    }
}
