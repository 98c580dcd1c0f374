package io.cqrsrouting.core.internal;

/** The statement classifier behind {@code io.cqrsrouting.core.StatementClassifier} (see there). */
public final class SqlText {

    private static final int OTHER = 0;
    private static final int SELECT = 1;
    private static final int VALUES = 2;
    private static final int TABLE = 3;
    private static final int SHOW = 4;
    private static final int EXPLAIN = 5;
    private static final int WITH = 6;
    private static final int WRITE = 7;
    private static final int FOR = 8;
    private static final int KEY = 9;
    private static final int IN = 10;
    private static final int SHARE = 11;
    private static final int NEXT = 12;
    private static final int VALUE = 13;

    /** The route hint (see {@code StatementClassifier.PRIMARY_HINT}). */
    public static final String PRIMARY_HINT = "cqrs:primary";

    private SqlText() {
    }

    /**
     * @param sql the statement text, possibly several statements separated by {@code ;}
     * @return whether a replica may serve it; {@code false} for {@code null} or blank text
     */
    public static boolean isRead(String sql) {
        if (sql == null) {
            return false;
        }
        int n = sql.length();
        int i = 0;
        boolean statementStart = true;
        boolean sawStatement = false;
        int prev = OTHER;
        int prev2 = OTHER;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                i = endOfLine(sql, i + 2);
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = endOfBlockComment(sql, i + 2);
                if (end > 0 && primaryHint(sql, i + 2, end - 2)) {
                    return false; // the author says: primary (a hint never points to a replica)
                }
                i = end;
            } else if (c == '\'') {
                i = endOfQuoted(sql, i + 1, '\'', escapeString(sql, i));
                prev = OTHER;
            } else if (c == '"' || c == '`') {
                i = endOfQuoted(sql, i + 1, c, false);
                prev = OTHER;
            } else if (c == '[') {
                i = endOfQuoted(sql, i + 1, ']', false);
                prev = OTHER;
            } else if (c == '$') {
                i = endOfDollar(sql, i);
                prev = OTHER;
            } else if (c == ';') {
                statementStart = true;
                prev = OTHER;
                i++;
            } else if (c == '#' && i + 1 < n && (sql.charAt(i + 1) == '#' || sql.charAt(i + 1) == '_'
                    || Character.isLetter(sql.charAt(i + 1)))) {
                return false; // a SQL Server temporary table: it lives in one primary session
            } else if (c == '@' && i + 1 < n && sql.charAt(i + 1) == '@') {
                int end = endOfWord(sql, i + 2);
                if (end - i - 2 == 8 && is(sql, i + 2, "identity")) {
                    return false; // @@IDENTITY: the last identity of this session
                }
                prev = OTHER;
                i = end;
            } else if (Character.isLetter(c) || c == '_') {
                int end = endOfWord(sql, i);
                int word = keyword(sql, i, end - i);
                i = end;
                if (statementStart) {
                    if (word < SELECT || word > WITH) {
                        return false;
                    }
                    statementStart = false;
                    sawStatement = true;
                } else if (word == WRITE
                        || (word == SHARE && (prev == FOR || prev == KEY || prev == IN))
                        || (word == FOR && prev == VALUE && prev2 == NEXT)) {
                    return false;
                }
                prev2 = prev;
                prev = word;
            } else {
                prev = OTHER;
                i++;
            }
            if (i < 0) {
                return false; // an unterminated literal or comment: not text we understand
            }
        }
        return sawStatement;
    }

    private static int keyword(String s, int at, int len) {
        if (len >= 7 && sessionFunction(s, at, len)) {
            return WRITE;
        }
        switch (len) {
            case 2:
                return is(s, at, "in") ? IN : OTHER;
            case 3:
                return is(s, at, "for") ? FOR : is(s, at, "key") ? KEY : OTHER;
            case 4:
                return is(s, at, "show") ? SHOW : is(s, at, "with") ? WITH
                        : is(s, at, "into") ? WRITE : is(s, at, "next") ? NEXT : OTHER;
            case 5:
                return is(s, at, "table") ? TABLE : is(s, at, "merge") || is(s, at, "xlock")
                        ? WRITE : is(s, at, "share") ? SHARE : is(s, at, "value") ? VALUE : OTHER;
            case 6:
                return is(s, at, "select") ? SELECT : is(s, at, "values") ? VALUES
                        : is(s, at, "insert") || is(s, at, "update") || is(s, at, "delete")
                        || is(s, at, "setval") ? WRITE : OTHER;
            case 7:
                return is(s, at, "explain") ? EXPLAIN : is(s, at, "nextval")
                        || is(s, at, "updlock") || is(s, at, "analyze") || is(s, at, "analyse")
                        ? WRITE : OTHER;
            case 8:
                return is(s, at, "holdlock") ? WRITE : OTHER;
            default:
                return OTHER;
        }
    }

    /**
     * Functions that read or change the state of one database session, or that only a primary can
     * run: on another connection (a replica's) they fail or answer for a different session.
     */
    private static boolean sessionFunction(String s, int at, int len) {
        switch (Character.toLowerCase(s.charAt(at))) {
            case 'c':
                return len == 7 && is(s, at, "currval");
            case 'l':
                return len == 7 && is(s, at, "lastval");
            case 's':
                return len == 10 && is(s, at, "set_config")
                        || len == 14 && is(s, at, "scope_identity");
            case 't':
                return len == 12 && is(s, at, "txid_current");
            case 'i':
                return len == 13 && is(s, at, "ident_current");
            case 'a':
                return len == 12 && (is(s, at, "applock_mode") || is(s, at, "applock_test"));
            case 'p':
                return len >= 11 && is(s, at, "pg_advisory")
                        || len >= 15 && is(s, at, "pg_try_advisory")
                        || len == 9 && is(s, at, "pg_notify")
                        || len == 18 && is(s, at, "pg_current_xact_id")
                        || len >= 18 && is(s, at, "pg_current_wal_") && endsWith(s, at, len, "_lsn")
                        || is(s, at, "pg_temp") && (len == 7 || s.charAt(at + 7) == '_');
            default:
                return false;
        }
    }

    private static boolean endsWith(String s, int at, int len, String suffix) {
        return s.regionMatches(true, at + len - suffix.length(), suffix, 0, suffix.length());
    }

    private static boolean is(String s, int at, String keyword) {
        return s.regionMatches(true, at, keyword, 0, keyword.length());
    }

    private static int endOfWord(String s, int i) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '_' && c != '$') {
                break;
            }
            i++;
        }
        return i;
    }

    private static int endOfLine(String s, int i) {
        int n = s.length();
        while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    /** Whether the comment body {@code [from, to)} is the hint {@value #PRIMARY_HINT}. */
    private static boolean primaryHint(String s, int from, int to) {
        while (from < to && Character.isWhitespace(s.charAt(from))) {
            from++;
        }
        while (to > from && Character.isWhitespace(s.charAt(to - 1))) {
            to--;
        }
        return to - from == PRIMARY_HINT.length()
                && s.regionMatches(true, from, PRIMARY_HINT, 0, PRIMARY_HINT.length());
    }

    /** PostgreSQL block comments nest. Returns -1 if unterminated. */
    private static int endOfBlockComment(String s, int i) {
        int n = s.length();
        int depth = 1;
        while (depth > 0) {
            if (i >= n) {
                return -1;
            }
            char c = s.charAt(i);
            if (c == '*' && i + 1 < n && s.charAt(i + 1) == '/') {
                depth--;
                i += 2;
            } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                depth++;
                i += 2;
            } else {
                i++;
            }
        }
        return i;
    }

    /** A PostgreSQL {@code E'...'} string treats backslash as an escape. */
    private static boolean escapeString(String s, int quote) {
        if (quote == 0) {
            return false;
        }
        char p = s.charAt(quote - 1);
        return (p == 'E' || p == 'e')
                && (quote == 1 || !Character.isLetterOrDigit(s.charAt(quote - 2)));
    }

    /**
     * Skips to after the closing {@code close}; a doubled closing character is part of the text.
     * Returns -1 if unterminated.
     */
    private static int endOfQuoted(String s, int i, char close, boolean backslashEscapes) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (backslashEscapes && c == '\\') {
                i += 2;
            } else if (c == close) {
                if (i + 1 < n && s.charAt(i + 1) == close) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return -1;
    }

    /**
     * {@code $tag$ ... $tag$} or {@code $$ ... $$}; a lone {@code $} (as in {@code $1}) is skipped.
     * Returns -1 if unterminated.
     */
    private static int endOfDollar(String s, int start) {
        int n = s.length();
        int i = start + 1;
        if (i < n && (Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
            while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
                i++;
            }
        }
        if (i >= n || s.charAt(i) != '$') {
            return start + 1;
        }
        int tagLength = i + 1 - start;
        for (int j = i + 1; j + tagLength <= n; j++) {
            if (s.charAt(j) == '$' && s.regionMatches(j, s, start, tagLength)) {
                return j + tagLength;
            }
        }
        return -1;
    }
}
