package org.kernelforge.identity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Platform roles; Keycloak realm roles of the same names map onto them. */
public enum Role {
    USER, ORGANIZER, ADMIN;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }

    static Set<Role> decode(String csv) {
        if (csv == null || csv.isBlank()) {
            return EnumSet.of(USER);
        }
        return Arrays.stream(csv.split(",")).map(Role::parse).flatMap(Optional::stream)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
    }

    static String encode(Set<Role> roles) {
        return roles.stream().sorted().map(Role::id).collect(Collectors.joining(","));
    }
}
