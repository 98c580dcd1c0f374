package io.cqrsrouting.dialect;

import java.util.Locale;

/** Structure of the T-SQL the dialect sends, for tests. */
final class SqlServerQueries {

    private SqlServerQueries() {
    }

    /**
     * @param sql a {@code SELECT ... FROM ...} statement
     * @return the number of items in its outermost select list (commas at parenthesis depth 0,
     *     outside string literals, before the outermost {@code FROM})
     */
    static int selectListLength(String sql) {
        String upper = sql.toUpperCase(Locale.ROOT);
        int depth = 0;
        int items = 1;
        boolean quoted = false;
        for (int i = upper.indexOf("SELECT") + 6; i < upper.length(); i++) {
            char ch = upper.charAt(i);
            if (ch == '\'') {
                quoted = !quoted;
            } else if (quoted) {
                continue;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (ch == ',' && depth == 0) {
                items++;
            } else if (depth == 0 && upper.startsWith(" FROM ", i)) {
                return items;
            }
        }
        throw new IllegalArgumentException("no outermost FROM");
    }
}
