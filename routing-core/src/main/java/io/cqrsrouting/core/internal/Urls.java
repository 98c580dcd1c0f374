package io.cqrsrouting.core.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masks credentials in JDBC URLs before they reach a log line, a message or a metric tag. */
public final class Urls {

    // Any parameter whose name mentions a password, a secret or a token, in both URL styles
    // (PostgreSQL "?a=b&c=d", SQL Server ";a=b;c=d"), and user:password@ authorities.
    private static final Pattern SECRET_PARAM = Pattern.compile(
            "(?i)([\\w.\\-]*(?:password|passwd|pwd|secret|token)[\\w.\\-]*)\\s*=\\s*(\\{[^}]*\\}|[^;&]*)");
    private static final Pattern USERINFO = Pattern.compile("(//[^/:@;?]+):([^@/;?]+)@");

    /** The text that stands for a masked secret. */
    public static final String MASK = "****";

    private Urls() {
    }

    /**
     * @param url a JDBC URL, possibly null
     * @return the URL with every secret-looking parameter value replaced by {@link #MASK}
     */
    public static String mask(String url) {
        if (url == null) {
            return null;
        }
        String masked = SECRET_PARAM.matcher(url).replaceAll(
                m -> Matcher.quoteReplacement(m.group(1) + "=" + MASK));
        return USERINFO.matcher(masked).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + ":"
                + MASK + "@"));
    }
}
