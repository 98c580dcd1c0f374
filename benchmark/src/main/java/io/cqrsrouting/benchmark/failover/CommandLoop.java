package io.cqrsrouting.benchmark.failover;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client thread that runs one small command after another (a short pause between attempts, as a
 * steady trickle of writes) and remembers when commands succeeded, so the harness can tell when it
 * first wrote again after a failover.
 */
final class CommandLoop implements Runnable {

    /** One command; throws on failure. */
    @FunctionalInterface
    interface Command {
        void run() throws SQLException;
    }

    private static final long PAUSE_MILLIS = 2;

    private final String name;
    private final Command command;
    private final boolean idleUntilArmed;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long armedAt = Long.MAX_VALUE;
    private final AtomicLong firstSuccessAfterArm = new AtomicLong(-1);
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private volatile String lastError;

    CommandLoop(String name, Command command) {
        this(name, command, false);
    }

    /**
     * @param idleUntilArmed true: make no attempt before {@link #arm} (a client that must not
     *        load the database while the others warm up, such as one connecting afresh each time)
     */
    CommandLoop(String name, Command command, boolean idleUntilArmed) {
        this.name = name;
        this.command = command;
        this.idleUntilArmed = idleUntilArmed;
        this.thread = new Thread(this, "failover-client-" + name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /**
     * From now on, the first command that completes successfully is the one we wait for.
     *
     * @param nanoTime the moment (System.nanoTime) a writable primary exists
     */
    void arm(long nanoTime) {
        armedAt = nanoTime;
    }

    /** @return nanoTime of the first success completed after {@link #arm}, or -1 */
    long firstSuccess() {
        return firstSuccessAfterArm.get();
    }

    long failures() {
        return failures.get();
    }

    long successes() {
        return successes.get();
    }

    boolean idleUntilArmed() {
        return idleUntilArmed;
    }

    String lastError() {
        return lastError;
    }

    String name() {
        return name;
    }

    @Override
    public void run() {
        while (running) {
            if (idleUntilArmed && System.nanoTime() < armedAt) {
                try {
                    Thread.sleep(0, 200_000);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            try {
                command.run();
                long done = System.nanoTime();
                successes.incrementAndGet();
                if (done >= armedAt) {
                    firstSuccessAfterArm.compareAndSet(-1, done);
                }
            } catch (SQLException | RuntimeException e) {
                failures.incrementAndGet();
                lastError = describe(e);
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static String describe(Throwable e) {
        String state = e instanceof SQLException ? ((SQLException) e).getSQLState() : null;
        Throwable cause = e.getCause();
        if (state == null && cause instanceof SQLException) {
            state = ((SQLException) cause).getSQLState();
        }
        return e.getClass().getSimpleName() + (state == null ? "" : " (SQLState " + state + ")");
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(40_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
