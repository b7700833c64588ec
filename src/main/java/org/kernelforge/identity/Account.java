package org.kernelforge.identity;

import java.util.Set;

/** A user as the other features see them: id, name and roles, never the credentials. */
public record Account(long id, String username, Set<Role> roles) {

    static Account of(User user) {
        return new Account(user.id, user.username, Set.copyOf(user.roles()));
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }
}
