package org.kernelforge.runs;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The engine contract on the server's own Docker engine. */
@QuarkusTest
class LocalEngineTest extends RunEngineContract {

    @Inject
    LocalEngine local;

    @Override
    RunEngine engine() {
        return local;
    }
}
