package dev.kodo.core.advice;

import dev.kodo.core.Kodo;
import dev.kodo.core.ThrowingSupplier;
import dev.kodo.core.internal.ActiveRun;
import dev.kodo.core.internal.ContextHolder;
import dev.kodo.core.internal.KodoAccess;
import dev.kodo.core.internal.RateLimitedLogger;
import dev.kodo.core.internal.Recorder;
import java.lang.System.Logger.Level;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one advice behind {@code @KodoWorkflow} and {@code @KodoStep}, whatever intercepts the call: the Spring
 * aspect, the Quarkus interceptor and the AspectJ {@link KodoAspect} are thin adapters that pass the method, the
 * target's class and a way to proceed.
 *
 * <pre>{@code
 * KodoAdvice advice = new KodoAdvice(() -> kodo);
 * Object result = advice.invoke(method, target.getClass(), invocation::proceed);
 * }</pre>
 *
 * <p>A workflow method runs as a new run; a step method runs as a step of the run current on the thread, or just
 * runs when there is none. {@code CompletionStage}, Reactor {@code Mono}/{@code Flux} and Mutiny
 * {@code Uni}/{@code Multi} results end the run or step when they complete. What the method returns or throws
 * reaches the caller unchanged.
 */
public final class KodoAdvice {

    private static final RateLimitedLogger LOG =
            new RateLimitedLogger(System.getLogger("dev.kodo"), 1, TimeUnit.HOURS);

    private final Supplier<Kodo> kodo;
    /** Resolved once per target class and method; no allocation on the call path afterwards. */
    private final ClassValue<ConcurrentHashMap<Method, Plan>> plans = new ClassValue<>() {
        @Override
        protected ConcurrentHashMap<Method, Plan> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    /** An advice that records into {@code kodo}. */
    public KodoAdvice(Kodo kodo) {
        Objects.requireNonNull(kodo, "kodo");
        this.kodo = () -> kodo;
    }

    /** An advice that records into whatever {@code kodo} supplies at the time of each call. */
    public KodoAdvice(Supplier<Kodo> kodo) {
        this.kodo = Objects.requireNonNull(kodo, "kodo");
    }

    /**
     * Runs {@code invocation} as the workflow or step its method is annotated as.
     *
     * @param method      the method called (as the interceptor sees it; may be an interface method)
     * @param targetClass the class of the object called, or {@code null}
     * @param invocation  proceeds with the call
     * @return what the call returned (for asynchronous results, an equivalent that completes after recording)
     * @throws Throwable whatever the call threw, unchanged
     */
    public Object invoke(Method method, Class<?> targetClass, ThrowingSupplier<Object, Throwable> invocation)
            throws Throwable {
        Plan plan = plans.get(targetClass != null ? targetClass : method.getDeclaringClass())
                .computeIfAbsent(method, m -> Plan.of(m, targetClass));
        if (plan.name == null) {
            return invocation.get();
        }
        if (plan.step) {
            ContextHolder holder = ContextHolder.get();
            ActiveRun run = holder.run;
            if (plan.handler != null) {
                // Even outside a run: a lazy result may be subscribed inside a reactive workflow later.
                return plan.handler.step(plan.returnType, run, run == null ? null : holder.step, plan.name,
                        invocation);
            }
            return run == null ? invocation.get() : run.step(holder, plan.name, invocation);
        }
        Recorder recorder = recorder();
        if (recorder == null) {
            return invocation.get();
        }
        return plan.handler == null ? recorder.run(plan.name, plan.stuckAfter, wf -> invocation.get())
                : plan.handler.workflow(plan.returnType, recorder, plan.name, plan.stuckAfter, invocation);
    }

    private Recorder recorder() {
        Kodo k;
        try {
            k = kodo.get();
        } catch (RuntimeException e) {
            // A framework's lookup can fail (e.g. called before its runtime configuration exists): the user's call
            // still goes through, unrecorded.
            LOG.log(Level.WARNING, "no kodo", "Kodo: cannot get the Kodo instance, so this call is not recorded: "
                    + e);
            return null;
        }
        return k == null ? null : KodoAccess.recorder(k);
    }

    /** What to do for one method: nothing ({@code name == null}), a step, or a workflow. */
    private static final class Plan {
        static final Plan NONE = new Plan(null, false, null, null, null);

        final String name;
        final boolean step;
        final Duration stuckAfter;
        final ResultHandler handler;
        final Class<?> returnType;

        private Plan(String name, boolean step, Duration stuckAfter, ResultHandler handler, Class<?> returnType) {
            this.name = name;
            this.step = step;
            this.stuckAfter = stuckAfter;
            this.handler = handler;
            this.returnType = returnType;
        }

        static Plan of(Method method, Class<?> targetClass) {
            KodoAnnotations.Target target;
            try {
                target = KodoAnnotations.find(method, targetClass);
            } catch (RuntimeException | LinkageError e) {
                // Reading annotations can fail on odd class files; the user's call must still go through.
                LOG.log(Level.WARNING, method.toString(), "Kodo: cannot read the annotations of " + method
                        + "; it runs unrecorded: " + e);
                return NONE;
            }
            if (target == null) {
                return NONE;
            }
            if (target.problem() != null) {
                LOG.log(Level.WARNING, target.problem(), "Kodo: " + target.problem());
            }
            return new Plan(target.name(), target.kind() == KodoAnnotations.Kind.STEP, target.stuckAfter(),
                    ResultHandler.forReturnType(method.getReturnType()), method.getReturnType());
        }
    }
}
