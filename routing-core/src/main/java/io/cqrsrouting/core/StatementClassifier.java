package io.cqrsrouting.core;

/**
 * Tells from its text whether a SQL statement only reads, so that a replica may serve it. Used by
 * the adapters that route by statement type (jOOQ, MyBatis) when no explicit scope is open.
 *
 * <p>A statement is a <em>read</em> when every statement in the text starts (after comments and
 * opening parentheses) with {@code SELECT}, {@code VALUES}, {@code TABLE}, {@code SHOW},
 * {@code EXPLAIN} or {@code WITH}, and none contains
 * <ul>
 *   <li>{@code INSERT}, {@code UPDATE}, {@code DELETE} or {@code MERGE} (data-modifying CTEs, and
 *       {@code FOR UPDATE} / {@code FOR NO KEY UPDATE});</li>
 *   <li>a shared lock: {@code FOR SHARE}, {@code FOR KEY SHARE}, {@code LOCK IN SHARE MODE}, or SQL
 *       Server's {@code UPDLOCK}, {@code XLOCK}, {@code HOLDLOCK} hints;</li>
 *   <li>{@code SELECT ... INTO} (creates a table or assigns variables);</li>
 *   <li>a sequence advance: {@code nextval}, {@code setval}, {@code NEXT VALUE FOR};</li>
 *   <li>{@code ANALYZE} ({@code EXPLAIN ANALYZE} runs the statement);</li>
 *   <li>a function whose answer depends on the database session, or that changes it, or that
 *       only a primary can run: {@code currval}, {@code lastval}, {@code set_config},
 *       {@code pg_advisory_*} / {@code pg_try_advisory_*} locks, {@code pg_notify},
 *       {@code txid_current}, {@code pg_current_xact_id}, {@code pg_current_wal_*_lsn}; SQL
 *       Server's {@code SCOPE_IDENTITY}, {@code @@IDENTITY}, {@code IDENT_CURRENT},
 *       {@code APPLOCK_MODE}, {@code APPLOCK_TEST};</li>
 *   <li>a SQL Server temporary table ({@code #name}, {@code ##name}) or PostgreSQL's
 *       {@code pg_temp} schema: temporary tables live in one session of the primary.</li>
 * </ul>
 * Everything else is a write, including text it cannot make sense of: sending a read to the
 * primary only costs offload, sending a write to a replica costs an error. Keywords inside
 * comments, string literals, quoted identifiers and dollar-quoted bodies do not count.
 *
 * <p>It cannot see inside functions: a {@code SELECT} that calls a function with side effects is a
 * read here and needs an explicit command scope, or the route hint {@code /* cqrs:primary *}{@code /}
 * in its text ({@link #PRIMARY_HINT}).
 *
 * <p>Allocation-free and linear in the length of the text.
 */
public final class StatementClassifier {

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

    /**
     * The route hint: a block comment {@code /* cqrs:primary *}{@code /} anywhere in the text
     * (case-insensitive, blanks around it allowed) makes the statement a write, so statement-type
     * routing sends it to the primary. There is no replica hint: a hint may only move a
     * statement towards the primary.
     */
    public static final String PRIMARY_HINT = "cqrs:primary";

    private StatementClassifier() {
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
