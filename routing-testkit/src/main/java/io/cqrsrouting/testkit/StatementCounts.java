package io.cqrsrouting.testkit;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What one node executed since the last {@link StatementCounter#reset()}, read at one moment:
 * statement texts as {@code pg_stat_statements} normalises them (constants become {@code $1},
 * {@code $2} …) with how many times each ran. Immutable.
 */
public final class StatementCounts {

    private static final Pattern LEADING_COMMENTS =
            Pattern.compile("^(\\s+|/\\*.*?\\*/|--[^\\n]*(\\n|$))+", Pattern.DOTALL);
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final String node;
    private final Map<String, Long> calls;

    StatementCounts(String node, Map<String, Long> calls) {
        this.node = node;
        this.calls = Map.copyOf(calls);
    }

    /** @return the node's name ({@code primary}, {@code standby1} …) */
    public String node() {
        return node;
    }

    /** @return every statement this node ran (including probes, {@code SET}s, {@code BEGIN}/{@code COMMIT}) */
    public long total() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return statements whose first keyword (after leading comments) is {@code SELECT} */
    public long selects() {
        return ofKind("select");
    }

    /** @return statements whose first keyword is {@code INSERT} */
    public long inserts() {
        return ofKind("insert");
    }

    /** @return statements whose first keyword is {@code UPDATE} */
    public long updates() {
        return ofKind("update");
    }

    /** @return statements whose first keyword is {@code DELETE} */
    public long deletes() {
        return ofKind("delete");
    }

    /**
     * Counts the statements whose text matches {@code pattern} as a whole, ignoring case, leading
     * comments (such as route hints) and differences in white space. {@code %} stands for any
     * text, {@code _} for one character, as in SQL {@code LIKE}: {@code "select % from orders %"}.
     *
     * @param pattern a {@code LIKE}-style pattern
     * @return how many times matching statements ran on this node
     */
    public long matching(String pattern) {
        Pattern regex = like(pattern);
        long n = 0;
        for (Map.Entry<String, Long> e : calls.entrySet()) {
            if (regex.matcher(normal(e.getKey())).matches()) {
                n += e.getValue();
            }
        }
        return n;
    }

    /** @return every normalised statement text with its count, for a failure message */
    public Map<String, Long> asMap() {
        return calls;
    }

    private long ofKind(String keyword) {
        long n = 0;
        for (Map.Entry<String, Long> e : calls.entrySet()) {
            String text = normal(e.getKey()).toLowerCase(Locale.ROOT);
            if (text.startsWith(keyword) && (text.length() == keyword.length()
                    || !Character.isLetterOrDigit(text.charAt(keyword.length())))) {
                n += e.getValue();
            }
        }
        return n;
    }

    private static String normal(String query) {
        return SPACES.matcher(LEADING_COMMENTS.matcher(query).replaceFirst("")).replaceAll(" ").trim();
    }

    private static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char ch : SPACES.matcher(pattern.trim()).replaceAll(" ").toCharArray()) {
            if (ch == '%' || ch == '_') {
                regex.append(Pattern.quote(literal.toString())).append(ch == '%' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(ch);
            }
        }
        regex.append(Pattern.quote(literal.toString()));
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    @Override
    public String toString() {
        return node + calls;
    }
}
