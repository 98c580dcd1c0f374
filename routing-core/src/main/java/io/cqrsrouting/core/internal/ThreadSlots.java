package io.cqrsrouting.core.internal;

import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * Gives each thread that routes a small index of its own, so per-endpoint accounting can keep one
 * cell per thread that only that thread writes (no shared atomic on the per-call path). An index
 * is claimed once per thread (when its routing context is created) and handed to a new thread once
 * its owner has terminated; the cells it indexes keep what the dead thread counted.
 */
public final class ThreadSlots {

    private static final Object LOCK = new Object();
    private static WeakReference<?>[] owners = new WeakReference<?>[16]; // guarded by LOCK

    private ThreadSlots() {
    }

    /**
     * Claims an index for the calling thread (not on the per-call path: once per thread).
     *
     * @return the lowest index no live thread owns
     */
    public static int claim() {
        Thread self = Thread.currentThread();
        synchronized (LOCK) {
            for (int i = 0; i < owners.length; i++) {
                WeakReference<?> ref = owners[i];
                Thread t = ref == null ? null : (Thread) ref.get();
                // isAlive() false: the owner terminated; its last writes happen-before this claim
                if (t == null || (t != self && !t.isAlive())) {
                    owners[i] = new WeakReference<>(self);
                    return i;
                }
            }
            int i = owners.length;
            owners = Arrays.copyOf(owners, i * 2);
            owners[i] = new WeakReference<>(self);
            return i;
        }
    }
}
