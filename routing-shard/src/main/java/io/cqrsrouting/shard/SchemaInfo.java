package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.mover.MoveTables;
import io.cqrsrouting.shard.internal.mover.TableRef;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tables a {@link ShardMover} moves: sharded tables, each with the column that holds the shard
 * key, <b>in foreign-key order</b> (a table after the tables it references), and reference tables
 * (the same rows on every shard), copied to a target whose copy is empty.
 *
 * <pre>{@code
 * SchemaInfo schema = SchemaInfo.builder()
 *         .shardedTable("public", "customers", "customer_id")
 *         .shardedTable("public", "orders", "customer_id")
 *         .referenceTable("public", "countries")
 *         .build();
 * }</pre>
 */
public final class SchemaInfo {

    private final MoveTables tables;

    private SchemaInfo(MoveTables tables) {
        this.tables = tables;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    MoveTables tables() {
        return tables;
    }

    @Override
    public String toString() {
        return "SchemaInfo[" + tables.sharded().size() + " sharded, " + tables.reference().size() + " reference tables]";
    }

    /** Builds a {@link SchemaInfo}; names are taken as written (case-sensitive, quoted in SQL). */
    public static final class Builder {
        private final List<TableRef> sharded = new ArrayList<>();
        private final List<TableRef> reference = new ArrayList<>();
        private final Set<String> seen = new HashSet<>();

        private Builder() {
        }

        /** Adds a sharded table; add parents before the tables that reference them. */
        public Builder shardedTable(String schema, String table, String keyColumn) {
            sharded.add(new TableRef(name("schema", schema), name("table", table), name("keyColumn", keyColumn)));
            unique(schema, table);
            return this;
        }

        /** Adds a reference table (copied to a target whose copy is empty; otherwise it must be identical). */
        public Builder referenceTable(String schema, String table) {
            reference.add(new TableRef(name("schema", schema), name("table", table), null));
            unique(schema, table);
            return this;
        }

        /** @throws IllegalArgumentException if no sharded table was given */
        public SchemaInfo build() {
            if (sharded.isEmpty()) {
                throw new IllegalArgumentException("SchemaInfo: at least one shardedTable(schema, table, keyColumn)"
                        + " is required");
            }
            return new SchemaInfo(new MoveTables(sharded, reference));
        }

        private void unique(String schema, String table) {
            if (!seen.add(schema + "." + table)) {
                throw new IllegalArgumentException("SchemaInfo: table " + schema + "." + table + " is given twice");
            }
        }

        private static String name(String what, String value) {
            if (value == null || value.isBlank() || value.length() > 63 || value.contains("\t")
                    || value.contains("\n")) {
                throw new IllegalArgumentException("SchemaInfo: " + what + " must be 1 to 63 characters without"
                        + " tabs or line breaks: " + value);
            }
            return value;
        }
    }
}
