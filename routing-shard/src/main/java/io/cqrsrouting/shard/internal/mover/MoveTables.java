package io.cqrsrouting.shard.internal.mover;

import java.util.ArrayList;
import java.util.List;

/** The tables of a move: sharded ones in foreign-key order (parents first), then reference ones. */
public record MoveTables(List<TableRef> sharded, List<TableRef> reference) {

    public MoveTables {
        sharded = List.copyOf(sharded);
        reference = List.copyOf(reference);
    }

    List<TableRef> all() {
        List<TableRef> all = new ArrayList<>(sharded);
        all.addAll(reference);
        return all;
    }

    /** One line per table: "S schema table key" or "R schema table". */
    String encode() {
        StringBuilder sb = new StringBuilder();
        for (TableRef t : sharded) {
            sb.append("S\t").append(t.schema()).append('\t').append(t.table()).append('\t').append(t.keyColumn()).append('\n');
        }
        for (TableRef t : reference) {
            sb.append("R\t").append(t.schema()).append('\t').append(t.table()).append('\n');
        }
        return sb.toString();
    }

    static MoveTables decode(String text) {
        List<TableRef> s = new ArrayList<>();
        List<TableRef> r = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t");
            if ("S".equals(f[0])) {
                s.add(new TableRef(f[1], f[2], f[3]));
            } else {
                r.add(new TableRef(f[1], f[2], null));
            }
        }
        return new MoveTables(s, r);
    }
}
