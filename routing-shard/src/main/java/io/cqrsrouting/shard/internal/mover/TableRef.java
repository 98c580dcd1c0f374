package io.cqrsrouting.shard.internal.mover;

/** A table the mover copies: sharded ({@code keyColumn} set) or reference ({@code keyColumn} null). */
public record TableRef(String schema, String table, String keyColumn) {

    /** @return the quoted, schema-qualified name */
    String qualified() {
        return KeySql.ident(schema) + "." + KeySql.ident(table);
    }

    /** @return schema.table, for messages */
    String display() {
        return schema + "." + table;
    }
}
