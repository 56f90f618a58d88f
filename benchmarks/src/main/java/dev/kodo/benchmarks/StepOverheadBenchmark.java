package dev.kodo.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.kodo.core.Kodo;
import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.sink.InMemoryRunSink;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a step costs over calling the same code directly. Every benchmark does {@value #STEPS} calls per operation
 * (scores are per call): {@code bareCall} is the baseline, {@code workflowOfBareCalls} adds one run per
 * {@value #STEPS} calls, and the {@code workflowOfSteps*} benchmarks wrap each call in a step. The cost of a step is
 * {@code workflowOfSteps* − workflowOfBareCalls}, in time and in {@code gc.alloc.rate.norm} ({@code -prof gc}).
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar StepOverheadBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StepOverheadBenchmark {

    static final int STEPS = 10;

    /** The user's code: cheap, and returns something the JIT cannot fold away. */
    static long state;
    static final ThrowingSupplier<Long, RuntimeException> WORK = () -> ++state;

    private Kodo inMemory;
    private Kodo exporting;
    private HttpServer receiver;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // A ring of recent runs, so memory stays flat however many runs the benchmark makes.
        inMemory = Kodo.builder().registerShutdownHook(false).sink(new InMemoryRunSink(1024)).build();

        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/api/v1/runs", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "{\"accepted\":0,\"rejected\":[]}".getBytes();
            exchange.sendResponseHeaders(202, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        receiver.start();
        exporting = Kodo.builder().registerShutdownHook(false).apiKey("bench")
                .endpoint(URI.create("http://127.0.0.1:" + receiver.getAddress().getPort()))
                .flushInterval(Duration.ofMillis(200)).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println();
        System.out.println("exporter: " + exporting.reporterStats());
        inMemory.close();
        exporting.close();
        receiver.stop(0);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void bareCall(Blackhole bh) {
        for (int i = 0; i < STEPS; i++) {
            bh.consume(WORK.get());
        }
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void workflowOfBareCalls(Blackhole bh) {
        inMemory.run("checkout-fulfillment", wf -> {
            for (int i = 0; i < STEPS; i++) {
                bh.consume(WORK.get());
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void workflowOfStepsInMemorySink(Blackhole bh) {
        inMemory.run("checkout-fulfillment", wf -> {
            for (int i = 0; i < STEPS; i++) {
                bh.consume(wf.step("charge_card", WORK));
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void workflowOfStepsHttpExporter(Blackhole bh) {
        exporting.run("checkout-fulfillment", wf -> {
            for (int i = 0; i < STEPS; i++) {
                bh.consume(wf.step("charge_card", WORK));
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public void workflowOfContextualStepsInMemorySink(Blackhole bh) {
        inMemory.run("checkout-fulfillment", wf -> {
            for (int i = 0; i < STEPS; i++) {
                bh.consume(inMemory.step("charge_card", WORK));
            }
        });
    }
}
