package io.cqrsrouting.core.internal;

import io.cqrsrouting.dialect.SqlServerUrl;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks credentials in JDBC URLs before they reach a log line, a message or a metric tag. Each
 * driver's syntax is parsed with that driver's rules, so a value is never cut short at a character
 * the driver treats as part of it:
 * <ul>
 *   <li>mssql-jdbc ({@code jdbc:sqlserver://host;name=value;name={braced;value}}): parsed by
 *       {@link SqlServerUrl}; a URL the driver would reject is masked whole after the prefix;
 *   <li>pgjdbc ({@code jdbc:postgresql://host/db?name=value&name=value}): parameters are split at
 *       {@code &} and names URL-decoded, as pgjdbc does ({@code &} inside a value must be written
 *       {@code %26}, so it never belongs to a value);
 *   <li>anything else: both separators, as before, plus {@code user:password@} authorities.
 * </ul>
 * Which names are credentials: {@link SqlServerUrl#isSecret(String)}.
 */
public final class Urls {

    // Other drivers: parameters in either style, cut at the first separator.
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([\\w.\\-]*(?:password|passwd|pwd|secret|token|credential)[\\w.\\-]*|[\\w.\\-]*key)"
                    + "\\s*=\\s*(\\{[^}]*\\}|[^;&]*)");
    private static final Pattern USERINFO = Pattern.compile("(//[^/:@;?]+):([^@/;?]+)@");
    private static final String POSTGRES = "jdbc:postgresql:";

    /** The text that stands for a masked secret. */
    public static final String MASK = "****";

    private Urls() {
    }

    /**
     * @param url a JDBC URL, possibly null
     * @return the URL with every credential value replaced by {@link #MASK}
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        if (url.regionMatches(true, 0, SqlServerUrl.PREFIX, 0, SqlServerUrl.PREFIX.length())) {
            return maskSqlServer(url);
        }
        if (url.regionMatches(true, 0, POSTGRES, 0, POSTGRES.length())) {
            return maskUserInfo(maskPostgres(url));
        }
        String masked = SECRET_PARAM.matcher(url).replaceAll(
                m -> Matcher.quoteReplacement(m.group(1) + "=" + MASK));
        return maskUserInfo(masked);
    }

    private static String maskSqlServer(String url) {
        String prefix = url.substring(0, SqlServerUrl.PREFIX.length());
        try {
            // The driver compares its prefix case-sensitively; mask what it would parse anyway.
            SqlServerUrl parsed = SqlServerUrl.parse(SqlServerUrl.PREFIX
                    + url.substring(SqlServerUrl.PREFIX.length()));
            String masked = parsed.toString();
            return maskUserInfo(prefix + masked.substring(SqlServerUrl.PREFIX.length()));
        } catch (IllegalArgumentException unparsable) {
            return prefix + MASK + " (unparsable URL, masked whole)";
        }
    }

    private static String maskPostgres(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        StringBuilder b = new StringBuilder(url.length()).append(url, 0, query + 1);
        String[] params = url.substring(query + 1).split("&", -1);
        for (int i = 0; i < params.length; i++) {
            if (i > 0) {
                b.append('&');
            }
            String param = params[i];
            int eq = param.indexOf('=');
            String name = eq < 0 ? param : param.substring(0, eq);
            if (eq >= 0 && SqlServerUrl.isSecret(decode(name))) {
                b.append(name).append('=').append(MASK);
            } else {
                b.append(param);
            }
        }
        return b.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s;
        }
    }

    private static String maskUserInfo(String url) {
        return USERINFO.matcher(url).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":"
                + MASK + "@"));
    }
}
