package org.kernelforge.runs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** What the deployment provides to kernels, so a client offers only what can be honoured. */
@Path("/api/platform/capabilities")
public class CapabilitiesResource {

    private final EngineCapabilities capabilities;

    public CapabilitiesResource(EngineCapabilities capabilities) {
        this.capabilities = capabilities;
    }

    @GET
    public EngineCapabilities.Offer get() {
        return capabilities.offer();
    }
}
