/**
 * Ahead-of-time processing and GraalVM native-image hints for cqrs-routing's Spring integration.
 */
package io.cqrsrouting.spring.aot;
