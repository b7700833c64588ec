package org.kernelforge.identity;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

/** Local accounts and sessions. */
@ConfigMapping(prefix = "kernelforge.accounts")
public interface AccountsConfig {

    /** Whether anyone may create a local account through POST /api/auth/signup. */
    boolean signupEnabled();

    /** Whether the first start creates an admin account and writes its credentials to the data dir. */
    boolean createInitialAdmin();

    /** How long a browser session lasts after sign-in. */
    Duration sessionTtl();

    /** Mark the session cookie Secure (set when the server is only reached over HTTPS). */
    boolean secureCookies();
}
