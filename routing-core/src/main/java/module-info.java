/**
 * cqrs-routing core: the router ({@code io.cqrsrouting.core}), the annotations, failure
 * classification, retry and the database dialects. {@code io.cqrsrouting.core.internal} is not
 * exported: its public types serve the core's own packages only. The exported packages and their
 * types are listed in docs/api.md (checked by PublicApiTest).
 */
module io.cqrsrouting.core {
    requires transitive java.sql;
    // HikariConfig appears in the builder's pool customizers
    requires transitive com.zaxxer.hikari;
    requires org.slf4j;

    exports io.cqrsrouting.annotation;
    exports io.cqrsrouting.core;
    exports io.cqrsrouting.core.failure;
    exports io.cqrsrouting.core.retry;
    exports io.cqrsrouting.dialect;
}
