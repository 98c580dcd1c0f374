package io.cqrsrouting.spring.observation.app;

import io.cqrsrouting.annotation.Command;
import io.cqrsrouting.annotation.Consistent;
import io.cqrsrouting.annotation.Query;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/** Reads and writes of a small ledger, each answering which node served it. */
@Service
public class Ledger {

    /** Where a statement ran: {@code cluster_name} and {@code pg_is_in_recovery()}. */
    public record Node(String name, boolean inRecovery) {
    }

    private final JdbcTemplate jdbc;
    private final AtomicInteger addsStarted = new AtomicInteger();

    public Ledger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many times {@link #add} started running (the interceptor may refuse it before) */
    public int addsStarted() {
        return addsStarted.get();
    }

    @Query
    public Node node() {
        return jdbc.queryForObject("select current_setting('cluster_name'), pg_is_in_recovery()",
                (rs, i) -> new Node(rs.getString(1), rs.getBoolean(2)));
    }

    @Command
    public Node commandNode() {
        return node();
    }

    /** @return the new entry's id */
    @Command
    public long add(String note) {
        addsStarted.incrementAndGet();
        return jdbc.queryForObject("insert into traced_ledger(note) values (?) returning id",
                Long.class, note);
    }

    @Consistent(Consistent.Level.READ_YOUR_WRITES)
    public String note(long id) {
        List<String> notes = jdbc.queryForList("select note from traced_ledger where id = ?",
                String.class, id);
        return notes.isEmpty() ? null : notes.get(0);
    }

    @Query
    public long count(String note) {
        return jdbc.queryForObject("select count(*) from traced_ledger where note = ?", Long.class,
                note);
    }
}
