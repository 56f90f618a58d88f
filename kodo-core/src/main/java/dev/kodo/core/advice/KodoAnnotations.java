package dev.kodo.core.advice;

import dev.kodo.core.Durations;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the {@link KodoWorkflow} or {@link KodoStep} that applies to a method call, the same way for every
 * framework: on the method, on the method it implements or overrides (interfaces included), then on a type that
 * declares the method. A method annotated with both is a workflow.
 */
public final class KodoAnnotations {

    /** What an annotated method is. */
    public enum Kind {
        WORKFLOW, STEP
    }

    /**
     * The resolved annotation of a method.
     *
     * @param kind       workflow or step
     * @param name       the run's or step's name
     * @param stuckAfter the workflow's stuck-after hint, or {@code null}
     * @param problem    what is wrong with the annotation (e.g. an unreadable stuck-after), or {@code null}
     */
    public record Target(Kind kind, String name, Duration stuckAfter, String problem) {
    }

    private KodoAnnotations() {
    }

    /**
     * The annotation that applies to calls of {@code method} on an instance of {@code targetClass}.
     *
     * @param targetClass the class of the object called, or {@code null} to look at {@code method} alone
     * @return the target, or {@code null} when the method is not annotated
     */
    public static Target find(Method method, Class<?> targetClass) {
        Class<?> type = targetClass != null ? targetClass : method.getDeclaringClass();
        List<Method> candidates = overriddenChain(method, type);
        for (Method m : candidates) {
            KodoWorkflow workflow = m.getAnnotation(KodoWorkflow.class);
            if (workflow != null) {
                return workflow(method, orDefault(workflow.value(), MethodNames.workflowName(method.getName())),
                        workflow.stuckAfter());
            }
            KodoStep step = m.getAnnotation(KodoStep.class);
            if (step != null) {
                return new Target(Kind.STEP, orDefault(step.value(), MethodNames.stepName(method.getName())), null, null);
            }
        }
        if (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers())
                || overridesObject(method) || method.isSynthetic() || method.isBridge()) {
            return null;
        }
        for (Method m : candidates) {
            Class<?> declaring = m.getDeclaringClass();
            KodoWorkflow workflow = declaring.getDeclaredAnnotation(KodoWorkflow.class);
            if (workflow != null) {
                return workflow(method, prefixed(workflow.value(), MethodNames.workflowName(method.getName())),
                        workflow.stuckAfter());
            }
            KodoStep step = declaring.getDeclaredAnnotation(KodoStep.class);
            if (step != null) {
                return new Target(Kind.STEP, prefixed(step.value(), MethodNames.stepName(method.getName())), null, null);
            }
        }
        return null;
    }

    /**
     * The methods of {@code type} that carry an annotation on the method itself but that a proxy cannot
     * intercept: private, final or static ones. Framework integrations warn about them at startup.
     */
    public static List<Method> uninterceptable(Class<?> type) {
        List<Method> result = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isSynthetic() || m.isBridge()) {
                    continue;
                }
                boolean annotated = m.isAnnotationPresent(KodoWorkflow.class) || m.isAnnotationPresent(KodoStep.class);
                int mod = m.getModifiers();
                if (annotated && (Modifier.isPrivate(mod) || Modifier.isFinal(mod) || Modifier.isStatic(mod))) {
                    result.add(m);
                }
            }
        }
        return result;
    }

    /** {@code true} when the type, a supertype, or a method of them carries either annotation. */
    public static boolean isAnnotated(Class<?> type) {
        for (Class<?> c : hierarchy(type)) {
            if (c.isAnnotationPresent(KodoWorkflow.class) || c.isAnnotationPresent(KodoStep.class)) {
                return true;
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(KodoWorkflow.class) || m.isAnnotationPresent(KodoStep.class)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Target workflow(Method method, String name, String stuckAfterText) {
        Duration stuckAfter = null;
        String problem = null;
        if (!stuckAfterText.isEmpty()) {
            try {
                Duration parsed = Durations.parse(stuckAfterText);
                if (parsed.isNegative() || parsed.isZero()) {
                    // A non-positive hint would make the server reject every run of this workflow.
                    throw new IllegalArgumentException("must be more than zero");
                }
                stuckAfter = parsed;
            } catch (IllegalArgumentException e) {
                problem = "@KodoWorkflow(stuckAfter = \"" + stuckAfterText + "\") on " + describe(method) + ": "
                        + e.getMessage() + "; the hint is ignored";
            }
        }
        return new Target(Kind.WORKFLOW, name, stuckAfter, problem);
    }

    /** {@code toString}, {@code equals}, {@code hashCode}...: never a workflow or step by a type annotation. */
    private static boolean overridesObject(Method method) {
        try {
            Object.class.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** {@code com.example.CheckoutService.fulfill(Order)}: how messages name a method. */
    public static String describe(Method method) {
        StringBuilder sb = new StringBuilder(method.getDeclaringClass().getName()).append('.')
                .append(method.getName()).append('(');
        Class<?>[] params = method.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(params[i].getSimpleName());
        }
        return sb.append(')').toString();
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    private static String prefixed(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /**
     * {@code method} as declared in {@code type} (the most specific implementation) first, then every method it
     * overrides or implements, walking superclasses before interfaces.
     */
    private static List<Method> overriddenChain(Method method, Class<?> type) {
        List<Method> chain = new ArrayList<>(4);
        for (Class<?> c : hierarchy(type)) {
            try {
                Method m = c.getDeclaredMethod(method.getName(), method.getParameterTypes());
                if (!Modifier.isPrivate(m.getModifiers()) || c == method.getDeclaringClass()) {
                    chain.add(m);
                }
            } catch (NoSuchMethodException ignored) {
                // not declared at this level
            }
        }
        if (!chain.contains(method)) {
            chain.add(method);
        }
        return chain;
    }

    /** The class, its superclasses, then all interfaces, each once. */
    private static Set<Class<?>> hierarchy(Class<?> type) {
        Set<Class<?>> result = new LinkedHashSet<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            result.add(c);
        }
        List<Class<?>> classes = new ArrayList<>(result);
        for (Class<?> c : classes) {
            addInterfaces(c, result);
        }
        return result;
    }

    private static void addInterfaces(Class<?> type, Set<Class<?>> into) {
        for (Class<?> i : type.getInterfaces()) {
            if (into.add(i)) {
                addInterfaces(i, into);
            }
        }
    }
}
