package io.cqrsrouting.core.internal;

import com.zaxxer.hikari.HikariDataSource;

import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names of the pools routers build: {@code cqrs-<router>-<endpoint>}, unique among the live pools
 * of the JVM, so that two routers' pools never share a metrics tag or an MBean name. A name is free
 * again once its pool is closed or collected; no release call is needed.
 */
public final class PoolNames {

    private static final Object RESERVED = new Object();
    private static final Map<String, Object> IN_USE = new HashMap<>();

    private PoolNames() {
    }

    /**
     * @param routerName the router's name (its cluster name: set by the user, or derived from a
     *     JDBC URL whose secrets are already masked)
     * @return a label usable in a pool name, JMX object name and metric tag: the URL's scheme and
     *     parameters dropped, anything but letters, digits, '.', '_' and '-' replaced by '-'
     */
    public static String label(String routerName) {
        String s = routerName;
        if (s.startsWith("jdbc:")) {
            int scheme = s.indexOf("//");
            s = scheme >= 0 ? s.substring(scheme + 2) : s.substring(s.indexOf(':', 5) + 1);
            int params = indexOfAny(s, "?;");
            s = params >= 0 ? s.substring(0, params) : s;
        }
        s = s.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "default" : s.toLowerCase(Locale.ROOT);
    }

    /**
     * Reserves {@code cqrs-<label>-<endpoint>}, or that name with {@code -2}, {@code -3} ... if a
     * live pool already has it. Follow with {@link #register} or {@link #release}.
     */
    public static synchronized String reserve(String label, String endpoint) {
        String base = "cqrs-" + label + "-" + endpoint;
        String name = base;
        for (int n = 2; inUse(name); n++) {
            name = base + "-" + n;
        }
        IN_USE.put(name, RESERVED);
        return name;
    }

    /** Ties a reserved name to the pool built with it. */
    public static synchronized void register(String name, HikariDataSource pool) {
        IN_USE.put(name, new WeakReference<>(pool));
    }

    /** Gives up a reserved name whose pool could not be built. */
    public static synchronized void release(String name) {
        IN_USE.remove(name);
    }

    private static boolean inUse(String name) {
        Object holder = IN_USE.get(name);
        if (holder == RESERVED) {
            return true;
        }
        if (holder instanceof WeakReference<?> ref
                && ref.get() instanceof HikariDataSource pool && !pool.isClosed()) {
            return true;
        }
        IN_USE.remove(name);
        return false;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }
}
