package io.cqrsrouting.shard.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads which shards the unfinished moves of a map are filling, from the mover's table in the
 * shard-map-manager database (PostgreSQL only: there is no mover on SQL Server). A client refused
 * because a mapping is offline warms those shards' routers.
 */
final class MoveTargets {

    private MoveTargets() {
    }

    /** @return the target shards of the map's running or failed moves (none if no move ever ran) */
    static List<UUID> of(Connection gsm, UUID mapId) throws SQLException {
        List<UUID> out = new ArrayList<>();
        try (PreparedStatement ps = gsm.prepareStatement("select target_shard from " + Ddl.GSM
                + ".moves where map_id = ? and state in ('RUNNING', 'FAILED')")) {
            ps.setObject(1, mapId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            if (!"42P01".equals(e.getSQLState())) { // no move ever ran: no moves table
                throw e;
            }
        }
        return out;
    }
}
