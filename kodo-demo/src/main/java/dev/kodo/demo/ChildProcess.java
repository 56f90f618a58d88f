package dev.kodo.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One part of the demo running as its own JVM, its output in a log file. */
final class ChildProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java <jvmArgs> -jar <jar> <args>} with {@code env} added to this process's environment.
     *
     * @throws DemoException when the jar is missing (with the command that builds it)
     */
    static ChildProcess startJar(String name, Path jar, List<String> jvmArgs, List<String> args,
                                 Map<String, String> env, Path logDir) {
        if (!Files.isRegularFile(jar)) {
            throw new DemoException(name + ": " + jar + " does not exist. Build it with `./mvnw -q -DskipTests "
                    + "package` (bin/demo does), or run the demo from the repository's root directory.");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        Path log = logDir.resolve(name + ".log");
        try {
            Files.createDirectories(logDir);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().putAll(env);
            return new ChildProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new DemoException(name + ": could not start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code GET uri} answers 2xx.
     *
     * @throws DemoException when the process exits first or {@code timeout} passes, with the end of its log
     */
    void awaitHttp(URI uri, String bearerKey, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new DemoException(name + " exited with code " + process.exitValue() + " while starting. "
                        + "The end of " + log + ":\n" + tail(30));
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET();
                if (bearerKey != null) {
                    request.header("Authorization", "Bearer " + bearerKey);
                }
                int status = HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoException("interrupted while waiting for " + name, e);
            }
            sleep(250);
        }
        throw new DemoException(name + " did not answer " + uri + " within " + timeout.toSeconds() + " s. The end of "
                + log + ":\n" + tail(30));
    }

    /** Fails when the process has already exited (for parts without an HTTP endpoint). */
    void assertAlive() {
        if (!process.isAlive()) {
            throw new DemoException(name + " exited with code " + process.exitValue() + ". The end of " + log
                    + ":\n" + tail(30));
        }
    }

    Path log() {
        return log;
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(log not readable: " + e + ")";
        }
    }

    /** Asks the process to stop (SIGTERM, so it shuts down gracefully), then forces it after 20 s. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + log + ")";
    }
}
