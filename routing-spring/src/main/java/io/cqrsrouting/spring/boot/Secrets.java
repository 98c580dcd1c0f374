package io.cqrsrouting.spring.boot;

import java.util.regex.Pattern;

/** Hides credentials that a JDBC URL may carry before the URL is shown anywhere. */
final class Secrets {

    static final String MASK = "******";

    // key=value parameters whose key looks secret, in '?a=b&c=d' and ';a=b;c=d' styles
    private static final Pattern SECRET_PARAMETER = Pattern.compile(
            "(?i)([\\w.-]*(?:password|passwd|pwd|secret|token)[\\w.-]*\\s*=\\s*)(\\{[^}]*}|[^;&]*)");
    // scheme://user:password@host
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@;?]+:)[^@/;?]+@");

    private Secrets() {
    }

    static String maskUrl(String url) {
        if (url == null) {
            return null;
        }
        String masked = SECRET_PARAMETER.matcher(url).replaceAll("$1" + MASK);
        return USER_INFO.matcher(masked).replaceAll("$1" + MASK + "@");
    }
}
