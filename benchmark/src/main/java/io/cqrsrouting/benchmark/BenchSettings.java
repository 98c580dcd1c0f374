package io.cqrsrouting.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of a benchmark run, from system properties {@code cqrs.bench.*} or the matching
 * environment variables ({@code CQRS_BENCH_PRIMARY_URL} for {@code cqrs.bench.primary.url}):
 *
 * <ul>
 *   <li>{@code primary.url}, {@code replica.url} (comma-separated for several), {@code username},
 *       {@code password}: an existing database instead of the embedded primary/standby set;</li>
 *   <li>{@code standbys}: hot standbys of the embedded set (default 1);</li>
 *   <li>{@code out}: where forked benchmark JVMs write side results (set by the runner).</li>
 * </ul>
 *
 * Passwords are never printed.
 */
public final class BenchSettings {

    /** System property prefix. */
    public static final String PREFIX = "cqrs.bench.";

    private BenchSettings() {
    }

    /**
     * @param key the key after {@code cqrs.bench.}
     * @return the property, else the environment variable, else {@code null}
     */
    public static String get(String key) {
        String v = System.getProperty(PREFIX + key);
        if (v == null || v.isBlank()) {
            v = System.getenv(("CQRS_BENCH_" + key).toUpperCase(Locale.ROOT).replace('.', '_'));
        }
        return v == null || v.isBlank() ? null : v.trim();
    }

    /**
     * @param key the key
     * @param fallback the default
     * @return the integer setting
     */
    public static int getInt(String key, int fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + ": not a number: '" + v + "'");
        }
    }

    /**
     * @param key the key
     * @param fallback the default
     * @return the non-negative decimal setting
     */
    public static double getDouble(String key, double fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || Double.isNaN(d)) {
                throw new IllegalArgumentException(PREFIX + key + ": must be 0 or more; was '" + v + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + key + ": not a number: '" + v + "'");
        }
    }

    /** @return whether an external database is configured */
    public static boolean external() {
        return get("primary.url") != null;
    }

    /** @return the external primary's URL, or {@code null} */
    public static String primaryUrl() {
        return get("primary.url");
    }

    /** @return the external replicas' URLs (may be empty) */
    public static List<String> replicaUrls() {
        List<String> out = new ArrayList<>();
        String v = get("replica.url");
        if (v != null) {
            for (String s : v.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        return out;
    }

    /** @return the external database user */
    public static String username() {
        return get("username");
    }

    /** @return the external database password */
    public static String password() {
        return get("password");
    }
}
