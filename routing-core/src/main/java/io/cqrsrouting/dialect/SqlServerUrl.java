package io.cqrsrouting.dialect;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A mssql-jdbc URL split the way the driver splits it:
 * {@code jdbc:sqlserver://[server[\instance][:port]][;name=value]...}, where a value may be
 * wrapped in braces ({@code {a;b}}) and a closing brace inside braces is written twice
 * ({@code }}}). Names are case-insensitive; when a name is given twice the driver keeps the last
 * value. Unlike a regular expression this never cuts a braced value at a {@code ;} or a
 * {@code }}, so a password such as {@code {a}}b;c}} is one value.
 *
 * <p>Immutable. {@link #toString()} masks every credential (see {@link #isSecret(String)}).
 * Used by the SQL Server dialect to derive read-only URLs and by the router to mask URLs.
 */
public final class SqlServerUrl {

    /** The driver's URL prefix; the driver compares it case-sensitively. */
    public static final String PREFIX = "jdbc:sqlserver://";

    private static final String MASK = "****";

    /** One {@code name=value} segment: its name as written and its value as the driver reads it. */
    private record Property(String name, String value, String raw) {
    }

    private final String server;
    private final List<Property> properties;

    private SqlServerUrl(String server, List<Property> properties) {
        this.server = server;
        this.properties = Collections.unmodifiableList(properties);
    }

    /**
     * Parses a URL with the driver's rules.
     *
     * @param url a {@code jdbc:sqlserver://} URL
     * @return the parsed URL
     * @throws IllegalArgumentException if the driver would reject the URL; the message never
     *     contains any part of the URL (it may hold a password)
     */
    public static SqlServerUrl parse(String url) {
        if (url == null || !url.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a jdbc:sqlserver:// URL");
        }
        String rest = url.substring(PREFIX.length());
        int semicolon = rest.indexOf(';');
        String server = semicolon < 0 ? rest : rest.substring(0, semicolon);
        int hostEnd = firstOf(server, ':', '\\');
        if ((hostEnd < 0 ? server : server.substring(0, hostEnd)).contains("=")) {
            throw new IllegalArgumentException("the server name contains '='");
        }
        List<Property> properties = new ArrayList<>();
        if (semicolon >= 0) {
            parseProperties(rest, semicolon + 1, properties);
        }
        return new SqlServerUrl(server, properties);
    }

    private static int firstOf(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                return i;
            }
        }
        return -1;
    }

    // The driver's state machine (Util.parseUrl): name up to '=', then a plain value up to ';'
    // (trimmed) or, when the first non-blank character is '{', a braced value up to a single '}'
    // ("}}" stands for '}'), followed only by blanks up to ';'.
    private static void parseProperties(String s, int from, List<Property> out) {
        int i = from;
        int n = s.length();
        while (i < n) {
            int start = i;
            int eq = i;
            while (eq < n && s.charAt(eq) != '=') {
                if (s.charAt(eq) == ';') {
                    if (!s.substring(i, eq).isBlank()) {
                        throw new IllegalArgumentException("a property has no '='");
                    }
                    i = eq + 1;
                    start = i;
                }
                eq++;
            }
            if (eq >= n) {
                if (!s.substring(i).isBlank()) {
                    throw new IllegalArgumentException("a property has no '='");
                }
                return;
            }
            String name = s.substring(i, eq).trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a property has no name");
            }
            int v = eq + 1;
            while (v < n && s.charAt(v) != ';' && s.charAt(v) != '{' && isBlank(s.charAt(v))) {
                v++;
            }
            if (v < n && s.charAt(v) == '{') {
                StringBuilder value = new StringBuilder();
                int j = v + 1;
                while (true) {
                    if (j >= n) {
                        throw new IllegalArgumentException("a braced value has no closing '}'");
                    }
                    char c = s.charAt(j);
                    if (c == '}' && j + 1 < n && s.charAt(j + 1) == '}') {
                        value.append('}');
                        j += 2;
                    } else if (c == '}') {
                        j++;
                        break;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                while (j < n && s.charAt(j) == ' ') {
                    j++;
                }
                if (j < n && s.charAt(j) != ';') {
                    throw new IllegalArgumentException("text after a braced value");
                }
                out.add(new Property(name, value.toString(), s.substring(start, j)));
                i = j + 1;
            } else {
                int end = s.indexOf(';', eq + 1);
                end = end < 0 ? n : end;
                String value = s.substring(eq + 1, end);
                if (value.indexOf('{') >= 0) {
                    // The driver accepts '{' only as the first non-blank character of a value.
                    throw new IllegalArgumentException("a '{' inside a value");
                }
                out.add(new Property(name, value.trim(), s.substring(start, end)));
                i = end + 1;
            }
        }
    }

    private static boolean isBlank(char c) {
        return c <= ' '; // what String.trim() removes, as the driver trims
    }

    /** @return the text between the prefix and the first {@code ;}: host, instance and port */
    public String server() {
        return server;
    }

    /** @return the host name (or address) without instance and port */
    public String host() {
        int end = firstOf(server, ':', '\\');
        return (end < 0 ? server : server.substring(0, end)).trim();
    }

    /**
     * @param name a property name (case-insensitive); {@code database} also finds
     *     {@code databaseName}
     * @return the value the driver uses (the last one given), or {@code null} if absent
     */
    public String get(String name) {
        String value = null;
        for (Property p : properties) {
            if (sameProperty(p.name, name)) {
                value = p.value;
            }
        }
        return value;
    }

    /**
     * @param name a property name (case-insensitive, synonyms included)
     * @return this URL without any occurrence of that property
     */
    public SqlServerUrl without(String name) {
        List<Property> kept = new ArrayList<>(properties.size());
        for (Property p : properties) {
            if (!sameProperty(p.name, name)) {
                kept.add(p);
            }
        }
        return new SqlServerUrl(server, kept);
    }

    /**
     * @param name a property name
     * @param value its value; braced when the driver needs it to be
     * @return this URL with every earlier occurrence of the property removed and the new one
     *     appended
     */
    public SqlServerUrl with(String name, String value) {
        List<Property> next = new ArrayList<>(without(name).properties);
        next.add(new Property(name, value, name + "=" + escape(value)));
        return new SqlServerUrl(server, next);
    }

    /** @return a copy with a different server part (host, instance, port) */
    SqlServerUrl withServer(String newServer) {
        return new SqlServerUrl(newServer, properties);
    }

    /**
     * @param value a property value
     * @return the value as it must be written in a URL: braced (with {@code }} doubled) when it
     *     holds a character the plain form cannot carry
     */
    static String escape(String value) {
        boolean plain = !value.isEmpty() && value.trim().equals(value);
        for (int i = 0; plain && i < value.length(); i++) {
            char c = value.charAt(i);
            plain = c != ';' && c != '{' && c != '}';
        }
        return plain ? value : "{" + value.replace("}", "}}") + "}";
    }

    private static boolean sameProperty(String a, String b) {
        return canonical(a).equals(canonical(b));
    }

    private static String canonical(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "database":
                return "databasename";
            case "username":
            case "uid":
                return "user";
            case "server":
                return "servername";
            case "port":
                return "portnumber";
            default:
                return n;
        }
    }

    /**
     * Whether a property of either driver carries a credential: any name mentioning a password,
     * secret, token or credential, or ending in {@code key} ({@code clientKey},
     * {@code keyVaultProviderClientKey}, {@code sslkey}).
     *
     * @param name a property name
     * @return whether its value must never be shown
     */
    public static boolean isSecret(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.contains("password") || n.contains("passwd") || n.contains("pwd")
                || n.contains("secret") || n.contains("token") || n.contains("credential")
                || n.endsWith("key");
    }

    /** @return the URL as the driver reads it (secrets included: never log this) */
    public String toUrl() {
        return render(false);
    }

    /** @return the URL with every credential value replaced by {@code ****} */
    @Override
    public String toString() {
        return render(true);
    }

    private String render(boolean mask) {
        StringBuilder b = new StringBuilder(PREFIX).append(server);
        for (Property p : properties) {
            b.append(';');
            b.append(mask && isSecret(p.name) ? p.name + "=" + MASK : p.raw);
        }
        return b.toString();
    }
}
