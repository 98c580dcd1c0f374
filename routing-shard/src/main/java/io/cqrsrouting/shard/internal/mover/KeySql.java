package io.cqrsrouting.shard.internal.mover;

import io.cqrsrouting.shard.internal.KeyType;

import java.util.HexFormat;
import java.util.List;

/**
 * SQL for shard keys on PostgreSQL: the order-preserving encoding of {@link KeyType} computed in
 * SQL (for the fence trigger), and row filters for key intervals. Filters use literals built from
 * the key's bytes only (numbers, hex), never from text, so no key can inject SQL; statements
 * holding them are never logged or put into exception messages.
 */
public final class KeySql {

    private KeySql() {
    }

    /** @return a bytea expression equal to {@link KeyType#encode} of {@code column} */
    public static String encode(KeyType type, String column) {
        return switch (type) {
            case INTEGER -> "int4send(" + column + " # (-2147483648)::int4)";
            case LONG -> "int8send(" + column + " # (-9223372036854775808)::int8)";
            case STRING -> "convert_to(" + column + ", 'UTF8')";
            case UUID -> "uuid_send(" + column + ")";
            case BINARY -> column;
        };
    }

    /** The column as compared against keys: strings in code point order (collation "C"). */
    static String comparable(KeyType type, String column) {
        return type == KeyType.STRING ? "(" + column + " collate \"C\")" : column;
    }

    /** A literal of an encoded key, of the column's type. */
    static String literal(KeyType type, byte[] encoded) {
        Object key = type.decode(encoded);
        return switch (type) {
            case INTEGER -> "(" + key + ")::int4";
            case LONG -> "(" + key + ")::int8";
            case UUID -> "'" + key + "'::uuid";
            case STRING -> "convert_from('\\x" + HexFormat.of().formatHex(encoded) + "'::bytea, 'UTF8') collate \"C\"";
            case BINARY -> "'\\x" + HexFormat.of().formatHex(encoded) + "'::bytea";
        };
    }

    /** @return a condition true for rows whose key lies in one of the intervals */
    static String filter(KeyType type, String column, List<Interval> intervals) {
        if (intervals.isEmpty()) {
            return "false";
        }
        String c = comparable(type, column);
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < intervals.size(); i++) {
            Interval iv = intervals.get(i);
            if (i > 0) {
                sb.append(" or ");
            }
            if (iv.point()) {
                sb.append(c).append(" = ").append(literal(type, iv.low()));
            } else {
                sb.append("(").append(c).append(" >= ").append(literal(type, iv.low()));
                if (iv.high() != null) {
                    sb.append(" and ").append(c).append(" < ").append(literal(type, iv.high()));
                }
                sb.append(")");
            }
        }
        return sb.append(")").toString();
    }

    /** Quotes an identifier. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
