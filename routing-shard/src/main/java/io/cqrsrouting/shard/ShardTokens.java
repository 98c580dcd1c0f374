package io.cqrsrouting.shard;

import io.cqrsrouting.core.RoutingDataSource;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.ShardRouters;

/**
 * A read-your-writes token over several shards: {@code <shard id>=<router token>} pairs joined by
 * {@code ~}. Each part is the shard router's own (signed, if configured) token.
 */
final class ShardTokens {

    private static final int MAX_PARTS = 64;

    private ShardTokens() {
    }

    static String export(ShardRouters routers, ShardRow[] shards) {
        StringBuilder sb = new StringBuilder();
        for (ShardRow s : shards) {
            RoutingDataSource r = routers.ifBuilt(s.id());
            String t = r == null ? null : r.exportToken();
            if (t != null) {
                sb.append(sb.length() == 0 ? "" : "~").append(s.id()).append('=').append(t);
            }
        }
        return sb.length() == 0 ? null : sb.toString();
    }

    static boolean importAll(ShardRouters routers, ShardRow[] shards, String token) {
        if (token == null || token.isEmpty()) {
            return false;
        }
        String[] parts = token.split("~", MAX_PARTS + 1);
        boolean any = false;
        for (int i = 0; i < Math.min(parts.length, MAX_PARTS); i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String id = parts[i].substring(0, eq);
            for (ShardRow s : shards) {
                if (s.id().toString().equals(id)) {
                    any |= routers.get(s).importToken(parts[i].substring(eq + 1));
                }
            }
        }
        return any;
    }
}
