package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.MappingEdits;
import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The current batch of a move: its mappings as the global map holds them, their intervals and ids. */
final class Batches {

    private Batches() {
    }

    /** @return the batch's mappings, read from the global map (one indexed read each) */
    static List<MappingRow> read(Connection gsm, MoveRecord m) throws SQLException {
        List<MappingRow> out = new ArrayList<>();
        for (String id : m.batch.split(",")) {
            MappingRow r = MappingEdits.globalMapping(gsm, UUID.fromString(id));
            if (r == null) {
                throw new MoveFailure("move " + m.id + ": a mapping of the current batch is missing from the map");
            }
            out.add(r);
        }
        return out;
    }

    static List<Interval> intervals(MoveRecord m, List<MappingRow> batch) {
        List<Interval> out = new ArrayList<>();
        for (MappingRow r : batch) {
            out.add(Interval.of(r, m.list));
        }
        return out;
    }

    static List<UUID> ids(List<MappingRow> rows) {
        List<UUID> out = new ArrayList<>();
        for (MappingRow r : rows) {
            out.add(r.id());
        }
        return out;
    }
}
