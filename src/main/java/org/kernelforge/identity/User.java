package org.kernelforge.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** A person or program owner on the platform: a local account, or one provisioned from Keycloak. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String username;

    public String email;

    /** bcrypt hash; null for accounts that only sign in through Keycloak. */
    @Column(name = "password_hash")
    public String passwordHash;

    @Column(name = "roles", nullable = false)
    String rolesCsv;

    @Column(name = "oidc_subject")
    public String oidcSubject;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    public static Optional<User> findByUsername(String username) {
        return find("username", username).firstResultOptional();
    }

    public static Optional<User> findByOidcSubject(String subject) {
        return find("oidcSubject", subject).firstResultOptional();
    }

    public static boolean anyAdmin() {
        return count("rolesCsv like ?1", "%" + Role.ADMIN.id() + "%") > 0;
    }

    public Set<Role> roles() {
        return Role.decode(rolesCsv);
    }

    public void setRoles(Set<Role> roles) {
        EnumSet<Role> all = EnumSet.of(Role.USER);
        all.addAll(roles);
        rolesCsv = Role.encode(all);
    }

    public boolean has(Role role) {
        return roles().contains(role);
    }

    public boolean isAdmin() {
        return has(Role.ADMIN);
    }
}
