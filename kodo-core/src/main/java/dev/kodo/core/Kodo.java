package dev.kodo.core;

import dev.kodo.core.context.KodoContext;
import dev.kodo.core.export.HttpRunExporter;
import dev.kodo.core.export.ReporterSettings;
import dev.kodo.core.export.ReporterStats;
import dev.kodo.core.health.ProcessHealth;
import dev.kodo.core.internal.Async;
import dev.kodo.core.internal.ContextHolder;
import dev.kodo.core.internal.Execution;
import dev.kodo.core.internal.KodoAccess;
import dev.kodo.core.internal.LocalAggregator;
import dev.kodo.core.internal.NoopWorkflow;
import dev.kodo.core.internal.Recorder;
import dev.kodo.core.run.InFlightRun;
import dev.kodo.core.run.Resource;
import dev.kodo.core.sink.RunSink;
import dev.kodo.core.sink.RunSinkProvider;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point: records workflow runs and their steps, and ships them to a Kodo server.
 *
 * <pre>{@code
 * Kodo kodo = Kodo.builder().apiKey(System.getenv("KODO_API_KEY")).service("checkout").build();
 * // or Kodo.fromEnvironment(): KODO_API_KEY, KODO_ENDPOINT, KODO_SERVICE, KODO_ENVIRONMENT
 *
 * Receipt receipt = kodo.workflow("checkout-fulfillment", wf -> {
 *     wf.attribute("order.id", order.id());
 *     Charge charge = wf.step("charge_card", () -> payments.charge(order));
 *     wf.step("reserve_inventory", () -> inventory.reserve(order));
 *     wf.step("notify_warehouse", () -> warehouse.notify(order));
 *     return wf.step("mark_fulfilled", () -> orders.markFulfilled(order, charge));
 * });
 * }</pre>
 *
 * <p>A run is recorded when its body returns or throws, as {@code ok} or {@code failed}; it is {@code failed} when
 * the body threw or any step errored, and then names the first step that errored. Each step returns its value or
 * rethrows its exception unchanged, so your control flow stays what it was.
 *
 * <p>Recording is fire-and-forget: it never throws into your code and never blocks it beyond an enqueue. Without an
 * API key nothing is shipped (one log line says so) and everything else, including {@link #processHealth()},
 * works.
 *
 * <p>For a body without a result use {@link #run(String, WorkflowAction)}:
 * {@code kodo.run("nightly-invoicing", wf -> { ... })}.
 *
 * <p>Instances are thread-safe; create one per application and {@link #close()} it on shutdown (a JVM shutdown
 * hook does so unless disabled).
 */
public final class Kodo implements AutoCloseable {

    /** The version of this library. */
    public static final String VERSION = readVersion();

    private static final System.Logger LOG = System.getLogger("dev.kodo");
    private static volatile Kodo global;

    static {
        KodoAccess.register(kodo -> kodo.recorder);
    }

    private final Recorder recorder;
    private final LocalAggregator aggregator;
    private final HttpRunExporter exporter;
    private final Resource resource;
    private final Duration shutdownTimeout;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Kodo(Builder b) {
        ReporterSettings settings = new ReporterSettings(b.endpoint, b.apiKey, b.queueCapacity, b.batchSize,
                b.flushInterval, b.heartbeatInterval, b.shutdownTimeout, b.maxRetryTime, b.requestTimeout, b.gzip);
        this.shutdownTimeout = b.shutdownTimeout;
        this.resource = Resource.forThisProcess(b.service, b.environment, "kodo-java/" + VERSION,
                b.heartbeatInterval.toMillis());
        if (!b.enabled) {
            recorder = null;
            aggregator = null;
            exporter = null;
            shutdownHook = null;
            LOG.log(Level.DEBUG, "Kodo: disabled; workflows and steps run without being recorded");
            return;
        }
        aggregator = new LocalAggregator();
        List<RunSink> sinks = new ArrayList<>();
        sinks.add(aggregator);
        if (b.apiKey == null || b.apiKey.isBlank()) {
            exporter = null;
            LOG.log(Level.INFO, "Kodo: no API key configured (KODO_API_KEY, kodo.api-key or quarkus.kodo.api-key), "
                    + "so runs are recorded locally but not shipped to a server");
        } else {
            exporter = new HttpRunExporter(settings, resource, this::liveInFlight);
            sinks.add(exporter);
            LOG.log(Level.INFO, "Kodo: reporting runs of service '" + resource.service() + "' to "
                    + settings.endpoint());
        }
        sinks.addAll(b.sinks);
        if (b.discoverSinks) {
            sinks.addAll(discoveredSinks());
        }
        recorder = new Recorder(b.stuckAfter, b.stuckAfterByWorkflow, sinks);
        if (b.shutdownHook) {
            shutdownHook = new Thread(this::close, "kodo-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            shutdownHook = null;
        }
    }

    /**
     * The sinks of the {@link RunSinkProvider}s visible to Kodo's class loader and to the thread's context class
     * loader, each provider class once. Both, because in containers with layered class loaders (Quarkus, app
     * servers) kodo-core may sit in a parent loader that cannot see the application's libraries.
     */
    private static List<RunSink> discoveredSinks() {
        Map<String, RunSink> byProvider = new LinkedHashMap<>();
        for (ClassLoader loader : new ClassLoader[] {Kodo.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                for (RunSinkProvider provider : ServiceLoader.load(RunSinkProvider.class, loader)) {
                    if (!byProvider.containsKey(provider.getClass().getName())) {
                        RunSink sink = provider.sink();
                        if (sink != null) {
                            byProvider.put(provider.getClass().getName(), sink);
                            LOG.log(Level.DEBUG, "Kodo: added sink " + sink + " from " + provider.getClass().getName());
                        }
                    }
                }
            } catch (ServiceConfigurationError | RuntimeException e) {
                LOG.log(Level.WARNING, "Kodo: could not load a RunSinkProvider from META-INF/services: " + e);
            }
        }
        return new ArrayList<>(byProvider.values());
    }

    /** A builder with the defaults: endpoint {@code http://localhost:7700}, no API key. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A Kodo configured from {@code KODO_API_KEY}, {@code KODO_ENDPOINT}, {@code KODO_SERVICE} and
     * {@code KODO_ENVIRONMENT}; unset variables keep the defaults.
     */
    public static Kodo fromEnvironment() {
        return builder().fromEnvironment().build();
    }

    /** A Kodo that records nothing: workflows and steps just run their code. */
    public static Kodo noop() {
        return builder().enabled(false).registerShutdownHook(false).build();
    }

    /**
     * The instance set with {@link #setGlobal(Kodo)}, used by the AspectJ aspect of plain-Java applications;
     * a no-op instance until one is set.
     */
    public static Kodo global() {
        Kodo g = global;
        return g != null ? g : Holder.NOOP;
    }

    /** Makes {@code kodo} the {@link #global()} instance; {@code null} resets it. */
    public static void setGlobal(Kodo kodo) {
        global = kodo;
    }

    // ----------------------------------------------------------------------------------------------- workflows

    /**
     * Runs {@code body} as a run of workflow {@code name} and returns its value. The run is recorded when the body
     * returns or throws; whatever it throws is rethrown unchanged.
     */
    public <T, E extends Throwable> T workflow(String name, WorkflowBody<T, E> body) throws E {
        if (recorder == null) {
            return body.run(NoopWorkflow.INSTANCE);
        }
        return recorder.run(name, null, body);
    }

    /**
     * Runs {@code body}, which returns nothing, as a run of workflow {@code name}: the counterpart of
     * {@link #workflow(String, WorkflowBody)} for bodies without a result.
     *
     * <pre>{@code
     * kodo.run("nightly-invoicing", wf -> {
     *     List<Invoice> invoices = wf.step("load_accounts", () -> accounts.due());
     *     wf.step("send_invoices", () -> mailer.send(invoices));
     * });
     * }</pre>
     *
     * (It is not an overload of {@code workflow}: Java could not tell the two apart for a lambda such as
     * {@code wf -> wf.step(...)}.)
     */
    public <E extends Throwable> void run(String name, WorkflowAction<E> body) throws E {
        workflow(name, wf -> {
            body.run(wf);
            return null;
        });
    }

    /**
     * Runs {@code body}, which starts asynchronous work, as a run that ends when the returned stage completes. The
     * stage this method returns completes after the run is recorded, with the same result or failure. A stage that
     * never completes leaves the run {@code running}, where the server sees it become stuck.
     */
    public <T, E extends Throwable> CompletionStage<T> workflowAsync(String name,
            WorkflowBody<? extends CompletionStage<T>, E> body) throws E {
        if (recorder == null) {
            return body.run(NoopWorkflow.INSTANCE);
        }
        Execution run = recorder.startAsync(name, null).enter();
        CompletionStage<T> stage;
        try {
            stage = body.run(run.run());
        } catch (Throwable t) {
            run.exit();
            run.end(t);
            throw t;
        }
        run.exit();
        return Async.endWhenComplete(stage, run);
    }

    // --------------------------------------------------------------------------------------------------- steps

    /**
     * Runs {@code body} as a step of the workflow running on this thread, and returns its value. Outside a
     * workflow it just runs {@code body}. Use it where the {@link Workflow} handle is out of reach.
     */
    public <T, E extends Throwable> T step(String name, ThrowingSupplier<T, E> body) throws E {
        ContextHolder holder = ContextHolder.get();
        return holder.run == null ? body.get() : holder.run.step(holder, name, body);
    }

    /** Runs {@code body} as a step of the workflow running on this thread; outside a workflow just runs it. */
    public <E extends Throwable> void step(String name, ThrowingRunnable<E> body) throws E {
        step(name, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body} as an asynchronous step of the workflow running on this thread, ending when its stage
     * completes; outside a workflow just runs it.
     */
    public <T, E extends Throwable> CompletionStage<T> stepAsync(String name,
            ThrowingSupplier<? extends CompletionStage<T>, E> body) throws E {
        Workflow current = ContextHolder.get().run;
        return current == null ? body.get() : current.stepAsync(name, body);
    }

    /** The workflow running on this thread, e.g. to set an attribute from deep in the call stack. */
    public static Optional<Workflow> currentWorkflow() {
        return Optional.ofNullable(ContextHolder.get().run);
    }

    // ------------------------------------------------------------------------------------------------- context

    /** Wraps {@code task} so that it runs in the workflow and step current now, on whatever thread runs it. */
    public static Runnable wrap(Runnable task) {
        return KodoContext.capture().wrap(task);
    }

    /** Wraps {@code task} so that it runs in the workflow and step current now, on whatever thread runs it. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        return KodoContext.capture().wrap(task);
    }

    /** An executor whose tasks run in the workflow and step that was current when each was submitted. */
    public static Executor wrap(Executor executor) {
        return KodoContext.wrap(executor);
    }

    /** An executor service whose tasks run in the workflow and step that was current when each was submitted. */
    public static ExecutorService wrap(ExecutorService executor) {
        return KodoContext.wrap(executor);
    }

    // ------------------------------------------------------------------------------------- state and lifecycle

    /** Completion rate, percentiles, failures, in-flight and stuck runs per workflow, in this process. */
    public ProcessHealth processHealth() {
        Instant now = Instant.now();
        if (aggregator == null) {
            return new ProcessHealth(now, now, List.of());
        }
        return aggregator.snapshot(recorder.inFlight(), recorder::localStuckAfter, now);
    }

    /** What the reporter has sent, dropped and retried; {@link ReporterStats#disabled()} without an API key. */
    public ReporterStats reporterStats() {
        return exporter == null ? ReporterStats.disabled() : exporter.stats();
    }

    /** Who this instance reports as. */
    public Resource resource() {
        return resource;
    }

    /** {@code false} for a disabled instance, which records nothing. */
    public boolean isEnabled() {
        return recorder != null;
    }

    /** The runs in flight now. */
    public List<InFlightRun> inFlight() {
        return recorder == null ? List.of() : List.copyOf(recorder.inFlight());
    }

    /**
     * Adds a sink after construction, e.g. a test's in-memory sink or a metrics binder.
     *
     * @return closing it removes the sink again
     */
    public AutoCloseable addSink(RunSink sink) {
        Objects.requireNonNull(sink, "sink");
        if (recorder == null) {
            return () -> { };
        }
        recorder.addSink(sink);
        return () -> recorder.removeSink(sink);
    }

    /** Delivers what the sinks buffer, waiting at most {@code timeout}; {@code true} if all was delivered. */
    public boolean flush(Duration timeout) {
        if (recorder == null) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean all = true;
        for (RunSink sink : recorder.sinks()) {
            all &= sink.flush(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        }
        return all;
    }

    /**
     * Delivers what is queued within the shutdown timeout (default 5 s), announces runs still in flight, and
     * stops the reporter. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || recorder == null) {
            return;
        }
        for (RunSink sink : recorder.sinks()) {
            try {
                sink.close();
            } catch (Throwable t) {
                // Closing runs in shutdown paths (JVM hook, Spring, Quarkus): nothing may escape from here.
                LOG.log(Level.WARNING, "Kodo: closing sink " + sink + " failed: " + t);
            }
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is already shutting down; the hook will find us closed.
            }
        }
        if (global == this) {
            global = null;
        }
    }

    /** How long {@link #close()} may take to deliver what is queued. */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    @Override
    public String toString() {
        return "Kodo[service=" + resource.service() + ", enabled=" + isEnabled() + ", reporting="
                + (exporter != null) + "]";
    }

    /** The exporter reads this live view once per flush; {@link #inFlight()} copies it for callers. */
    private java.util.Collection<? extends InFlightRun> liveInFlight() {
        return recorder.inFlight();
    }

    private static String readVersion() {
        try (InputStream in = Kodo.class.getResourceAsStream("kodo-version.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (Exception ignored) {
            // fall through
        }
        return "unknown";
    }

    private static final class Holder {
        static final Kodo NOOP = noop();
    }

    /**
     * Configures a {@link Kodo}. Every setting has a default; {@link #build()} checks them and says what is wrong.
     */
    public static final class Builder {
        private boolean enabled = true;
        private String apiKey;
        private URI endpoint = ReporterSettings.DEFAULT_ENDPOINT;
        private String service;
        private String environment;
        private int queueCapacity = ReporterSettings.DEFAULT_QUEUE_CAPACITY;
        private int batchSize = ReporterSettings.DEFAULT_BATCH_SIZE;
        private Duration flushInterval = ReporterSettings.DEFAULT_FLUSH_INTERVAL;
        private Duration heartbeatInterval = ReporterSettings.DEFAULT_HEARTBEAT_INTERVAL;
        private Duration shutdownTimeout = ReporterSettings.DEFAULT_SHUTDOWN_TIMEOUT;
        private Duration maxRetryTime = ReporterSettings.DEFAULT_MAX_RETRY_TIME;
        private Duration requestTimeout = ReporterSettings.DEFAULT_REQUEST_TIMEOUT;
        private boolean gzip = true;
        private Duration stuckAfter;
        private final Map<String, Duration> stuckAfterByWorkflow = new LinkedHashMap<>();
        private final List<RunSink> sinks = new ArrayList<>();
        private boolean shutdownHook = true;
        private boolean discoverSinks = true;

        private Builder() {
        }

        /** Applies {@code KODO_API_KEY}, {@code KODO_ENDPOINT}, {@code KODO_SERVICE}, {@code KODO_ENVIRONMENT}. */
        public Builder fromEnvironment() {
            return fromEnvironment(System.getenv());
        }

        /** Applies the {@code KODO_*} variables found in {@code env}; absent ones leave the setting as it is. */
        public Builder fromEnvironment(Map<String, String> env) {
            String key = env.get("KODO_API_KEY");
            if (key != null && !key.isBlank()) {
                apiKey(key);
            }
            String url = env.get("KODO_ENDPOINT");
            if (url != null && !url.isBlank()) {
                endpoint(url);
            }
            String svc = env.get("KODO_SERVICE");
            if (svc != null && !svc.isBlank()) {
                service(svc);
            }
            String env0 = env.get("KODO_ENVIRONMENT");
            if (env0 != null && !env0.isBlank()) {
                environment(env0);
            }
            return this;
        }

        /** {@code false} records nothing: workflows and steps just run. Default {@code true}. */
        public Builder enabled(boolean enabled) {
            this.enabled = enabled;
            return this;
        }

        /** The ingest key. Without one, runs are recorded locally but not shipped. */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        /** The Kodo server; default {@code http://localhost:7700}. */
        public Builder endpoint(String endpoint) {
            // Only what cannot be a URI at all fails here; the rest is checked when the reporter is built, so a
            // later call (kodo.endpoint over KODO_ENDPOINT) can still replace a bad value.
            if (endpoint == null) {
                throw new IllegalArgumentException("endpoint " + SettingRules.HTTP_URL + ", was null");
            }
            try {
                return endpoint(URI.create(endpoint.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("endpoint " + SettingRules.HTTP_URL + ", was \"" + endpoint + "\"",
                        e);
            }
        }

        /** The Kodo server; default {@code http://localhost:7700}. */
        public Builder endpoint(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** The service name runs are reported under. */
        public Builder service(String service) {
            this.service = service;
            return this;
        }

        /** The environment, e.g. {@code production}. */
        public Builder environment(String environment) {
            this.environment = environment;
            return this;
        }

        /** How many ended runs may wait to be sent (default 2048); beyond, new runs are dropped and counted. */
        public Builder queueCapacity(int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** The most runs per request (default 512). */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** How long a run may wait before it is sent (default 1 s). */
        public Builder flushInterval(Duration flushInterval) {
            this.flushInterval = flushInterval;
            return this;
        }

        /** How often this process reports itself alive (default 30 s). */
        public Builder heartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
            return this;
        }

        /** How long {@link Kodo#close()} may take to deliver what is queued (default 5 s). */
        public Builder shutdownTimeout(Duration shutdownTimeout) {
            this.shutdownTimeout = shutdownTimeout;
            return this;
        }

        /** How long a batch is retried before it is given up (default 2 min). */
        public Builder maxRetryTime(Duration maxRetryTime) {
            this.maxRetryTime = maxRetryTime;
            return this;
        }

        /** The timeout of one HTTP request (default 10 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** Compress request bodies (default {@code true}). */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * Stuck-after for this process's local health ({@link Kodo#processHealth()}) of every workflow without its
         * own setting; default 15 min. It is not shipped: the server applies its own default.
         */
        public Builder stuckAfter(Duration stuckAfter) {
            this.stuckAfter = stuckAfter;
            return this;
        }

        /** Stuck-after for one workflow, shipped with each of its runs that has no hint of its own. */
        public Builder stuckAfter(String workflow, Duration stuckAfter) {
            this.stuckAfterByWorkflow.put(Objects.requireNonNull(workflow, "workflow"),
                    Objects.requireNonNull(stuckAfter, "stuckAfter"));
            return this;
        }

        private static void checkStuckAfter(String what, Duration stuckAfter) {
            if (stuckAfter != null && !SettingRules.isPositive(stuckAfter)) {
                throw new IllegalArgumentException(what + " " + SettingRules.POSITIVE_DURATION + ", was " + stuckAfter);
            }
        }

        /** Adds a sink that receives every run, after the built-in ones. */
        public Builder sink(RunSink sink) {
            this.sinks.add(Objects.requireNonNull(sink, "sink"));
            return this;
        }

        /**
         * Add the sinks of {@link RunSinkProvider}s found on the classpath (default {@code true}).
         */
        public Builder discoverSinks(boolean discover) {
            this.discoverSinks = discover;
            return this;
        }

        /**
         * Register a JVM shutdown hook that closes the instance (default {@code true}). Frameworks that close it
         * themselves turn this off.
         */
        public Builder registerShutdownHook(boolean register) {
            this.shutdownHook = register;
            return this;
        }

        /**
         * @throws IllegalArgumentException naming the setting that is wrong and what it should be
         */
        public Kodo build() {
            checkStuckAfter("stuckAfter", stuckAfter);
            stuckAfterByWorkflow.forEach((workflow, d) -> checkStuckAfter("stuckAfter of " + workflow, d));
            return new Kodo(this);
        }
    }
}
