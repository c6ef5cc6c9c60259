package dev.charter.testsupport;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    private AppProcess(Process process, int port) {
        this.process = process;
        this.port = port;
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
            AppProcess app = new AppProcess(builder(port, extraEnv, jvmArgs).start(), port);
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
            Process process =
                    builder(port, extraEnv, java.util.List.of("-Xmx256m")).start();
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

    private static ProcessBuilder builder(int port, Map<String, String> extraEnv, java.util.List<String> jvmArgs) {
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
        builder.environment().putAll(extraEnv);
        return builder;
    }

    private void awaitReady() {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the application exited with " + process.exitValue() + "; see target/app-" + port + ".log");
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready"))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
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
