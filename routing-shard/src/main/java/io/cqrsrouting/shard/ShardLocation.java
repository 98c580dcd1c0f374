package io.cqrsrouting.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a shard lives: the JDBC URL of its primary (a failover-group listener works) and those of
 * its read replicas. No credentials: the map stores locations, the application supplies the
 * user and password ({@link ShardMapManager.Builder#credentials}).
 */
public final class ShardLocation {

    private final String primaryJdbcUrl;
    private final List<String> replicaJdbcUrls;

    private ShardLocation(String primaryJdbcUrl, List<String> replicas) {
        this.primaryJdbcUrl = check(primaryJdbcUrl, "primaryJdbcUrl");
        this.replicaJdbcUrls = List.copyOf(replicas);
    }

    /**
     * @param primaryJdbcUrl e.g. {@code jdbc:postgresql://db1:5432/shard1}
     * @return the location of a shard with no replicas
     * @throws IllegalArgumentException if the URL is not a JDBC URL or carries a password
     */
    public static ShardLocation of(String primaryJdbcUrl) {
        return new ShardLocation(primaryJdbcUrl, List.of());
    }

    /**
     * @param urls JDBC URLs of the shard's read replicas (hot standbys, read scale-out endpoints)
     * @return a copy of this location with these replicas (replacing any given before)
     */
    public ShardLocation withReplicas(String... urls) {
        List<String> list = new ArrayList<>();
        for (String u : urls) {
            list.add(check(u, "replica URL"));
        }
        return new ShardLocation(primaryJdbcUrl, list);
    }

    /** @return the primary's JDBC URL */
    public String primaryJdbcUrl() {
        return primaryJdbcUrl;
    }

    /** @return the replicas' JDBC URLs, maybe empty */
    public List<String> replicaJdbcUrls() {
        return replicaJdbcUrls;
    }

    private static String check(String url, String what) {
        if (url == null || !url.startsWith("jdbc:")) {
            throw new IllegalArgumentException(what + " must be a JDBC URL (jdbc:...): " + url);
        }
        if (url.toLowerCase(Locale.ROOT).contains("password")) {
            throw new IllegalArgumentException(what + " must not carry a password: shard maps store locations"
                    + " only; give credentials to ShardMapManager.builder().credentials(...)");
        }
        return url;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardLocation l && l.primaryJdbcUrl.equals(primaryJdbcUrl)
                && l.replicaJdbcUrls.equals(replicaJdbcUrls);
    }

    @Override
    public int hashCode() {
        return Objects.hash(primaryJdbcUrl, replicaJdbcUrls);
    }

    @Override
    public String toString() {
        return primaryJdbcUrl + (replicaJdbcUrls.isEmpty() ? "" : " + replicas " + replicaJdbcUrls);
    }
}
