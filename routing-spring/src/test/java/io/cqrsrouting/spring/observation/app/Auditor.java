package io.cqrsrouting.spring.observation.app;

import io.cqrsrouting.annotation.Query;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A read-only audit on the standby that (wrongly) tries to write a correction. */
@Service
public class Auditor {

    private final Ledger ledger;

    public Auditor(Ledger ledger) {
        this.ledger = ledger;
    }

    @Query
    @Transactional(readOnly = true)
    public void auditAndCorrect(String note) {
        ledger.node();
        ledger.add(note);
    }
}
