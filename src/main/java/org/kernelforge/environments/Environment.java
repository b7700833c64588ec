package org.kernelforge.environments;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Table;
import org.hibernate.annotations.Formula;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A named environment: its language, description and the recipe its next build installs; site-wide, or a
 * competition's (built by its organizers). Every environment is readable and usable by everyone.
 */
@Entity
@Table(name = "environments")
public class Environment extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, updatable = false)
    public String name;

    @Column(nullable = false)
    public String language;

    @Column(nullable = false)
    public String description;

    /** The Debian packages of the next build, one per line. */
    @Column(nullable = false)
    public String recipe;

    /** The competition whose organizers build it; null: a site-wide environment, admins' alone. */
    @Column(name = "competition_id", updatable = false)
    public Long competitionId;

    /** The competition's slug, read with the row (competitions sit above environments: known here by id). */
    @Formula("(select c.slug from competitions c where c.id = competition_id)")
    public String competitionSlug;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    public static Optional<Environment> byName(String name) {
        return find("name", name).firstResultOptional();
    }

    /** The environment, locked: versions of one environment take their numbers in turn. */
    public static Optional<Environment> lockByName(String name) {
        return find("name", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional();
    }

    public static List<Environment> all() {
        return list("order by name");
    }
}
