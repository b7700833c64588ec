package org.kernelforge.runs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HostPathsTest {

    @Test
    void theServersPathsAreHiddenAndTheKernelsOwnAreKept() {
        assertEquals("The platform could not run or store this version: (a path on the server)",
                HostPaths.hidden("The platform could not run or store this version: /var/lib/kernelforge/runs/v12/working/\uFFFD-latin1.bin"));
        assertEquals("mount of (a path on the server) failed (exit 32)",
                HostPaths.hidden("mount of /work/data/runs/v3/working.img failed (exit 32)"));
        assertEquals("The output in /kaggle/working reached the limit of 1.0 GiB",
                HostPaths.hidden("The output in /kaggle/working reached the limit of 1.0 GiB"));
        assertEquals("The Docker engine is not reachable (unix:///var/run/docker.sock)",
                HostPaths.hidden("The Docker engine is not reachable (unix:///var/run/docker.sock)"));
        assertEquals("No such image: kernelforge/python-runtime:latest",
                HostPaths.hidden("No such image: kernelforge/python-runtime:latest"));
    }
}
