package org.kernelforge.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.Optional;

/** Looks accounts up for the other features, which know users by name or id only. */
@ApplicationScoped
public class Accounts {

    @Transactional
    public Optional<Account> byUsername(String username) {
        return User.findByUsername(username).map(Account::of);
    }
}
