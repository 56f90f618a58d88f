package dev.kodo.benchmarks;

import dev.kodo.core.Kodo;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.sink.InMemoryRunSink;
import dev.kodo.spring.autoconfigure.KodoAutoConfiguration;
import io.micrometer.core.annotation.Timed;
import io.micrometer.core.aop.TimedAspect;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
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
import org.springframework.aop.support.AopUtils;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.EnableAspectJAutoProxy;
import org.springframework.context.annotation.Import;

/**
 * What {@code @KodoStep} costs on a Spring bean, beside the other ways of advising the same call, all through real
 * Spring proxies of one application context. Every benchmark makes {@value #CALLS} calls per operation (scores are
 * per call):
 * <ul>
 *   <li>{@code plainBean}: an unadvised bean, the baseline;</li>
 *   <li>{@code noopAroundAspect}: a bean advised by an {@code @Around} aspect that only proceeds: the proxy's own
 *   cost;</li>
 *   <li>{@code micrometerTimed}: {@code @Timed} through Micrometer's {@code TimedAspect} into a
 *   {@code SimpleMeterRegistry};</li>
 *   <li>{@code workflowOfPlainCalls}: the plain calls inside one run (one run per {@value #CALLS} calls);</li>
 *   <li>{@code workflowOfKodoSteps}: {@code @KodoStep} calls inside one run, recorded into an in-memory sink.</li>
 * </ul>
 * The cost of {@code @KodoStep} is {@code workflowOfKodoSteps − workflowOfPlainCalls}; the cost of {@code @Timed} is
 * {@code micrometerTimed − plainBean}. Target: the first is no more than the second.
 *
 * <pre>
 * ./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar SpringAdviceBenchmark -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SpringAdviceBenchmark {

    static final int CALLS = 10;

    /** The user's code: cheap, and returns something the JIT cannot fold away. */
    static long state;

    private AnnotationConfigApplicationContext context;
    private Kodo kodo;
    private Plain plain;
    private AroundAdvised around;
    private TimedBean timed;
    private Stepped stepped;

    @Setup(Level.Trial)
    public void setUp() {
        context = new AnnotationConfigApplicationContext(Beans.class);
        kodo = context.getBean(Kodo.class);
        plain = context.getBean(Plain.class);
        around = context.getBean(AroundAdvised.class);
        timed = context.getBean(TimedBean.class);
        stepped = context.getBean(Stepped.class);
        if (AopUtils.isAopProxy(plain) || !AopUtils.isAopProxy(around) || !AopUtils.isAopProxy(timed)
                || !AopUtils.isAopProxy(stepped)) {
            throw new IllegalStateException("the beans are not proxied as the benchmark assumes");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println();
        System.out.println("runs kept: " + context.getBean(InMemoryRunSink.class).runs().size()
                + ", timer count: " + context.getBean(MeterRegistry.class).get("bench.timed").timer().count());
        context.close();
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void plainBean(Blackhole bh) {
        for (int i = 0; i < CALLS; i++) {
            bh.consume(plain.work());
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void noopAroundAspect(Blackhole bh) {
        for (int i = 0; i < CALLS; i++) {
            bh.consume(around.work());
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void micrometerTimed(Blackhole bh) {
        for (int i = 0; i < CALLS; i++) {
            bh.consume(timed.work());
        }
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void workflowOfPlainCalls(Blackhole bh) {
        kodo.run("checkout-fulfillment", wf -> {
            for (int i = 0; i < CALLS; i++) {
                bh.consume(plain.work());
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(CALLS)
    public void workflowOfKodoSteps(Blackhole bh) {
        kodo.run("checkout-fulfillment", wf -> {
            for (int i = 0; i < CALLS; i++) {
                bh.consume(stepped.work());
            }
        });
    }

    public static class Plain {
        public long work() {
            return ++state;
        }
    }

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Measured {
    }

    public static class AroundAdvised {
        @Measured
        public long work() {
            return ++state;
        }
    }

    @Aspect
    public static class NoopAspect {
        @Around("@annotation(dev.kodo.benchmarks.SpringAdviceBenchmark.Measured)")
        public Object proceed(ProceedingJoinPoint joinPoint) throws Throwable {
            return joinPoint.proceed();
        }
    }

    public static class TimedBean {
        @Timed("bench.timed")
        public long work() {
            return ++state;
        }
    }

    public static class Stepped {
        @KodoStep("charge_card")
        public long work() {
            return ++state;
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAspectJAutoProxy(proxyTargetClass = true)
    @Import(KodoAutoConfiguration.class)
    static class Beans {
        @Bean
        Plain plain() {
            return new Plain();
        }

        @Bean
        AroundAdvised aroundAdvised() {
            return new AroundAdvised();
        }

        @Bean
        NoopAspect noopAspect() {
            return new NoopAspect();
        }

        @Bean
        TimedBean timedBean() {
            return new TimedBean();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }

        @Bean
        TimedAspect timedAspect(MeterRegistry registry) {
            return new TimedAspect(registry);
        }

        @Bean
        Stepped stepped() {
            return new Stepped();
        }

        @Bean
        InMemoryRunSink runs() {
            // A ring of recent runs, so memory stays flat however many runs the benchmark makes.
            return new InMemoryRunSink(1024);
        }
    }
}
