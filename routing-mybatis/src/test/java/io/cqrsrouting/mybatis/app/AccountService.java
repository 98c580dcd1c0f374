package io.cqrsrouting.mybatis.app;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Sign-up, log-in and profile edits: plain Spring, no routing annotation. */
@Service
public class AccountService {

    private final AccountMapper accounts;

    public AccountService(AccountMapper accounts) {
        this.accounts = accounts;
    }

    @Transactional
    public long signUp(String name) {
        Account account = new Account(name);
        accounts.insert(account);
        return account.getId();
    }

    /** @return the account if it exists (a log-in looks the user up by name) */
    public Account logIn(String name) {
        return accounts.findByName(name);
    }

    public Account profile(long id) {
        return accounts.findById(id);
    }

    @Transactional
    public void rename(long id, String name) {
        accounts.rename(id, name);
    }
}
