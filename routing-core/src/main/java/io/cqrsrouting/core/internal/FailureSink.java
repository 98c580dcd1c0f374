package io.cqrsrouting.core.internal;

import io.cqrsrouting.core.failure.Failure;

/** Where a failure seen at method level is reported: the router that owns the endpoint. */
public interface FailureSink {
    /**
     * @param endpoint the endpoint the failing thread last used
     * @param failure the classified failure
     * @return whether the endpoint is the current writer and the failure shows it read-only
     */
    boolean failed(Endpoint endpoint, Failure failure);
}
