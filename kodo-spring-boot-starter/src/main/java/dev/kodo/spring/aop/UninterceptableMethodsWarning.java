package dev.kodo.spring.aop;

import dev.kodo.core.advice.KodoAnnotations;
import dev.kodo.core.annotation.KodoWorkflow;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Once the beans exist, warns once per method about {@code @KodoWorkflow}/{@code @KodoStep} methods that a Spring
 * proxy cannot intercept (private, final, static), naming each, so that a silently missing run is explained at
 * startup rather than discovered in the dashboard.
 */
public final class UninterceptableMethodsWarning implements SmartInitializingSingleton {

    private static final Log LOG = LogFactory.getLog(UninterceptableMethodsWarning.class);

    private final ConfigurableListableBeanFactory beanFactory;

    public UninterceptableMethodsWarning(ConfigurableListableBeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public void afterSingletonsInstantiated() {
        for (String warning : warnings()) {
            LOG.warn(warning);
        }
    }

    /** One message per annotated method of a bean class that Spring AOP cannot intercept. */
    public List<String> warnings() {
        Set<Class<?>> types = new LinkedHashSet<>();
        for (String name : beanFactory.getBeanDefinitionNames()) {
            Class<?> type = beanFactory.getType(name, false);
            if (type != null) {
                types.add(ClassUtils.getUserClass(type));
            }
        }
        List<String> warnings = new ArrayList<>();
        Set<Method> seen = new LinkedHashSet<>();
        for (Class<?> type : types) {
            for (Method method : KodoAnnotations.uninterceptable(type)) {
                if (seen.add(method)) {
                    warnings.add(message(method));
                }
            }
        }
        return warnings;
    }

    private static String message(Method method) {
        int modifiers = method.getModifiers();
        String kind = Modifier.isPrivate(modifiers) ? "private" : Modifier.isStatic(modifiers) ? "static" : "final";
        String annotation = method.isAnnotationPresent(KodoWorkflow.class) ? "@KodoWorkflow" : "@KodoStep";
        return "Kodo: " + annotation + " on " + KodoAnnotations.describe(method) + " is not recorded: Spring proxies "
                + "cannot intercept " + kind + " methods. Make it a public, non-final, non-static method called from "
                + "another bean, or weave dev.kodo.core.advice.KodoAspect with AspectJ load-time weaving.";
    }
}
