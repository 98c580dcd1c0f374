package io.cqrsrouting.spring.apps.jpa;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Lets a test hold the shop's asynchronous handlers until the request's container thread has
 * returned (open unless a test closes it), so the order in which the two finish is not left to
 * the scheduler.
 */
@Component
public class AsyncGate {

    private volatile CountDownLatch latch = new CountDownLatch(0);

    /** Asynchronous handlers wait from now on, until {@link #open()}. */
    public void close() {
        latch = new CountDownLatch(1);
    }

    /** Lets waiting and future handlers through. */
    public void open() {
        latch.countDown();
    }

    void pass() throws InterruptedException {
        if (!latch.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the async gate stayed closed for 30 s");
        }
    }
}
