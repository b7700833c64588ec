package org.kernelforge.runs;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.LogContainerCmd;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The server's client gives up reading after 5 minutes of silence; a kernel may be quiet longer.
 * Here a client that gives up after 1 s follows a kernel that is quiet for 3 s.
 */
@QuarkusTest
class LogFollowerTest extends RunsTestBase {

    @Inject
    ContainerSettings settings;

    @Test
    void aLogStreamThatTimesOutOnAQuietKernelIsReopenedWithoutLosingOrRepeatingLines() throws Exception {
        Prepared run = prepare("""
                import time
                print("one", flush=True)
                print("two", flush=True)
                time.sleep(3)
                print("three", flush=True)
                """);
        RunSpec spec = scriptSpec(run, limits());
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerConfig.host()).build();
        try (DockerClient impatient = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost()).responseTimeout(Duration.ofSeconds(1)).build())) {
            String imageId = docker.inspectImageCmd(spec.image()).exec().getId();
            String id = settings.apply(docker.createContainerCmd(imageId), spec).exec().getId();
            try {
                docker.startContainerCmd(id).exec();
                Recorder recorder = new Recorder();
                Instant started = Instant.parse(docker.inspectContainerCmd(id).exec().getState().getStartedAt());

                InspectContainerResponse.ContainerState end = new LogFollower(impatient)
                        .follow(id, new LogAssembler(started, 1 << 20, 0, recorder));

                assertEquals(0, end.getExitCodeLong());
                assertEquals(List.of("one", "two", "three"), recorder.lines.stream().map(LogLine::text).toList());
            } finally {
                docker.removeContainerCmd(id).withForce(true).exec();
            }
        }
    }

    @Test
    void theLastOutputWithoutALineBreakOnBothStreamsIsNotLostWhenTheContainerStops() throws Exception {
        Prepared run = prepare("""
                import sys, time
                print("head", flush=True)
                sys.stdout.write("no newline at end")
                sys.stderr.write("err tail")
                time.sleep(1)  # the engine holds both tails until the process ends
                """);
        RunSpec spec = scriptSpec(run, limits());
        String imageId = docker.inspectImageCmd(spec.image()).exec().getId();
        String id = settings.apply(docker.createContainerCmd(imageId), spec).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            Recorder recorder = new Recorder();
            Instant started = Instant.parse(docker.inspectContainerCmd(id).exec().getState().getStartedAt());

            new LogFollower(docker).follow(id, new LogAssembler(started, 1 << 20, 0, recorder));

            assertEquals(List.of("stderr err tail", "stdout head", "stdout no newline at end"), recorder.lines.stream()
                    .map(line -> line.stream() + " " + line.text()).sorted().toList());
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    @Test
    void aFollowStreamTheEngineKeepsOpenAfterTheContainerStoppedIsGivenUpAndTheLogIsComplete() throws Exception {
        Prepared run = prepare("""
                print("first", flush=True)
                print("last", flush=True)
                """);
        RunSpec spec = scriptSpec(run, limits());
        String imageId = docker.inspectImageCmd(spec.image()).exec().getId();
        String id = settings.apply(docker.createContainerCmd(imageId), spec).exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            Recorder recorder = new Recorder();
            Instant started = Instant.parse(docker.inspectContainerCmd(id).exec().getState().getStartedAt());

            InspectContainerResponse.ContainerState end = assertTimeoutPreemptively(Duration.ofSeconds(60), () ->
                    new LogFollower(followStreamsNeverEnd(docker)).follow(id, new LogAssembler(started, 1 << 20, 0, recorder)));

            assertEquals(0, end.getExitCodeLong());
            assertEquals(List.of("first", "last"), recorder.lines.stream().map(LogLine::text).toList());
        } finally {
            docker.removeContainerCmd(id).withForce(true).exec();
        }
    }

    /**
     * The engine as it would be if it kept a follow stream open after its container stopped: its frames arrive,
     * its end never does (until the HTTP client's read timeout, minutes later).
     */
    private static DockerClient followStreamsNeverEnd(DockerClient engine) {
        return (DockerClient) Proxy.newProxyInstance(DockerClient.class.getClassLoader(), new Class<?>[]{DockerClient.class},
                (proxy, method, args) -> {
                    Object result = invoke(engine, method, args);
                    return result instanceof LogContainerCmd cmd ? neverEnding(cmd) : result;
                });
    }

    private static LogContainerCmd neverEnding(LogContainerCmd real) {
        AtomicBoolean follow = new AtomicBoolean();
        return (LogContainerCmd) Proxy.newProxyInstance(LogContainerCmd.class.getClassLoader(), new Class<?>[]{LogContainerCmd.class},
                new InvocationHandler() {
                    @Override
                    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
                        if (method.getName().equals("withFollowStream")) {
                            follow.set(Boolean.TRUE.equals(args[0]));
                        }
                        if (method.getName().equals("exec") && follow.get()) {
                            @SuppressWarnings("unchecked")
                            ResultCallback<Frame> caller = (ResultCallback<Frame>) args[0];
                            real.exec(new ResultCallback.Adapter<Frame>() {
                                @Override
                                public void onStart(Closeable stream) {
                                    super.onStart(stream);
                                    caller.onStart(stream);
                                }

                                @Override
                                public void onNext(Frame frame) {
                                    caller.onNext(frame);
                                }
                            });
                            return caller;
                        }
                        Object result = LogFollowerTest.invoke(real, method, args);
                        return result == real ? proxy : result;
                    }
                });
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
