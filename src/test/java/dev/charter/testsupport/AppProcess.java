package dev.charter.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The packaged application (target/quarkus-app, or the native executable after a native build) as a separate OS
 * process, for tests that need several instances or must kill one abruptly. It inherits the test's environment
 * (database, keys, JWT key).
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    public final int port;
    /** The management interface's port ({@code /q/health}, {@code /q/metrics}): the prod profile serves them there. */
    public final int managementPort;

    private final long startedAt;
    private long readyAfterNanos;

    private AppProcess(Process process, int port, int managementPort, long startedAt) {
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.startedAt = startedAt;
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
        return launch(command(jvmArgs), port, extraEnv);
    }

    /**
     * Starts {@code command} ({@link #jarCommand} or {@link #nativeCommand}, whatever the last package built) and
     * waits until it answers {@code /q/health/ready} with 200.
     */
    public static AppProcess launch(java.util.List<String> command, int port, Map<String, String> extraEnv) {
        return launch(command, port, extraEnv, false, null);
    }

    /**
     * Starts the packaged app with nothing but {@code env} (plus {@code PATH}): none of the test's own
     * environment (its database, keys, profile settings) leaks in. Runs in {@code workingDirectory}.
     */
    public static AppProcess startIsolated(int port, Map<String, String> env, Path workingDirectory) {
        return launch(command(java.util.List.of("-Xmx256m")), port, env, true, workingDirectory.toFile());
    }

    private static AppProcess launch(
            java.util.List<String> command,
            int port,
            Map<String, String> extraEnv,
            boolean isolated,
            java.io.File workingDirectory) {
        try {
            int managementPort = freePort();
            ProcessBuilder builder = builder(command, port, managementPort, extraEnv);
            if (isolated) {
                isolate(builder, extraEnv, port, managementPort);
            }
            if (workingDirectory != null) {
                builder.directory(workingDirectory);
            }
            long startedAt = System.nanoTime();
            AppProcess app = new AppProcess(builder.start(), port, managementPort, startedAt);
            app.awaitReady();
            return app;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From the process's start to its first 200 from {@code /q/health/ready} (polled every 10 ms). */
    public Duration readyAfter() {
        return Duration.ofNanos(readyAfterNanos);
    }

    /**
     * Starts the packaged application for a start-up that must fail, and waits for it to exit by itself;
     * returns the exit code (the output is in {@link #log(int)}). A process still running after the timeout is
     * killed and reported as such.
     */
    public static int runUntilExit(int port, Map<String, String> extraEnv, Duration timeout) {
        return waitForExit(builder(command(java.util.List.of("-Xmx256m")), port, freePort(), extraEnv), port, timeout);
    }

    /** {@link #runUntilExit} with nothing but {@code env} (see {@link #startIsolated}), in {@code workingDirectory}. */
    public static int runIsolatedUntilExit(int port, Map<String, String> env, Path workingDirectory, Duration timeout) {
        ProcessBuilder builder = builder(command(java.util.List.of("-Xmx256m")), port, freePort(), env);
        isolate(builder, env, port, freePort());
        return waitForExit(builder.directory(workingDirectory.toFile()), port, timeout);
    }

    private static int waitForExit(ProcessBuilder builder, int port, Duration timeout) {
        try {
            Process process = builder.start();
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

    private static void isolate(ProcessBuilder builder, Map<String, String> env, int port, int managementPort) {
        String path = System.getenv("PATH");
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().putAll(env);
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
    }

    /** Where the output of the application on this port goes (appended). */
    public static Path log(int port) {
        return Path.of("target", "app-" + port + ".log");
    }

    private static ProcessBuilder builder(
            java.util.List<String> command, int port, int managementPort, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        log(port).toAbsolutePath().toFile()));
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        builder.environment().putAll(extraEnv);
        return builder;
    }

    /**
     * The artifact the last package built, as {@code @QuarkusIntegrationTest} picks it
     * (target/quarkus-artifact.properties): the native executable after a native build, else the jar. Heap options
     * ({@code -Xmx}) mean the same to both.
     */
    private static java.util.List<String> command(java.util.List<String> jvmArgs) {
        Path nativeRunner = nativeRunner();
        return nativeRunner != null ? nativeCommand(nativeRunner, jvmArgs) : jarCommand(jvmArgs);
    }

    /** {@code java <jvmArgs> -jar target/quarkus-app/quarkus-run.jar} on the test's own JVM. */
    public static java.util.List<String> jarCommand(java.util.List<String> jvmArgs) {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!jar.toFile().exists()) {
            throw new IllegalStateException("package the application first: " + jar.toAbsolutePath());
        }
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    /** The native executable with runtime options such as {@code -Xmx}. */
    public static java.util.List<String> nativeCommand(Path runner, java.util.List<String> options) {
        java.util.List<String> command = new java.util.ArrayList<>();
        command.add(runner.toString());
        command.addAll(options);
        return command;
    }

    /** The native executable when the last package was native, else null. */
    public static Path nativeRunner() {
        Path properties = Path.of("target", "quarkus-artifact.properties");
        if (!properties.toFile().exists()) {
            return null;
        }
        java.util.Properties artifact = new java.util.Properties();
        try (java.io.Reader in = java.nio.file.Files.newBufferedReader(properties)) {
            artifact.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!"native".equals(artifact.getProperty("type"))) {
            return null;
        }
        Path runner = Path.of("target").resolve(artifact.getProperty("path")).toAbsolutePath();
        if (!runner.toFile().canExecute()) {
            throw new IllegalStateException("the native build's executable is missing: " + runner.toAbsolutePath());
        }
        return runner;
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the application exited with " + process.exitValue() + "; see target/app-" + port + ".log");
            }
            if (Management.readiness(managementPort) == 200) {
                readyAfterNanos = System.nanoTime() - startedAt;
                return;
            }
            sleep(10);
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
