package dev.charter.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged application (target/quarkus-app) as a separate OS process, for tests that need several
 * instances or must kill one abruptly. It inherits the test's environment (database, keys, JWT key).
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    public final int port;
    /** The management interface's port ({@code /q/health}, {@code /q/metrics}): the prod profile serves them there. */
    public final int managementPort;

    private AppProcess(Process process, int port, int managementPort) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static AppProcess start(int port, Map<String, String> extraEnv) {
        return start(port, extraEnv, java.util.List.of("-Xmx256m"));
    }

    public static AppProcess start(int port, Map<String, String> extraEnv, java.util.List<String> jvmArgs) {
        try {
            int managementPort = freePort();
            AppProcess app = new AppProcess(
                    builder(port, managementPort, extraEnv, jvmArgs).start(), port, managementPort);
            app.awaitReady();
            return app;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the packaged application for a start-up that must fail, and waits for it to exit by itself;
     * returns the exit code (the output is in {@link #log(int)}). A process still running after the timeout is
     * killed and reported as such.
     */
    public static int runUntilExit(int port, Map<String, String> extraEnv, Duration timeout) {
        try {
            Process process = builder(port, freePort(), extraEnv, java.util.List.of("-Xmx256m"))
                    .start();
            if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IllegalStateException(
                        "the application did not exit within " + timeout + "; see " + log(port));
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Where the output of the application on this port goes (appended). */
    public static Path log(int port) {
        return Path.of("target", "app-" + port + ".log");
    }

    private static ProcessBuilder builder(
            int port, int managementPort, Map<String, String> extraEnv, java.util.List<String> jvmArgs) {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!jar.toFile().exists()) {
            throw new IllegalStateException("package the application first: " + jar.toAbsolutePath());
        }
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(java);
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log(port).toFile()));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().putAll(extraEnv);
        return builder;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the application exited with " + process.exitValue() + "; see target/app-" + port + ".log");
            }
            if (Management.readiness(managementPort) == 200) {
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("the application did not become ready on port " + port);
    }

    public long pid() {
        return process.pid();
    }

    /** SIGKILL: no shutdown hooks, no draining, like a power cut. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as an orchestrator stops an instance; waits for the exit and returns its code. */
    public int terminate() {
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return process.exitValue();
    }

    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
