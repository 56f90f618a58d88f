package dev.kodo.spring.autoconfigure;

import dev.kodo.core.Kodo;
import dev.kodo.core.advice.KodoAdvice;
import dev.kodo.core.sink.RunSink;
import dev.kodo.spring.aop.KodoAdvisor;
import dev.kodo.spring.aop.KodoAdvisorPosition;
import dev.kodo.spring.aop.KodoAspectBinding;
import dev.kodo.spring.aop.KodoWeaving;
import dev.kodo.spring.aop.UninterceptableMethodsWarning;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.aop.Advisor;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of Kodo: the {@link Kodo} instance from {@code kodo.*}, the advisor that applies
 * {@code @KodoWorkflow} and {@code @KodoStep} to beans, context propagation into {@code @Async} methods and Boot's
 * task executors, and delivery of what the reporter has queued when the context stops or closes.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration")
@EnableConfigurationProperties(KodoProperties.class)
public final class KodoAutoConfiguration {

    private static final Log LOG = LogFactory.getLog(KodoAutoConfiguration.class);

    /**
     * The application's Kodo. Every {@link RunSink} bean receives its runs (a test's in-memory sink, say). With
     * {@code kodo.enabled=false} it records nothing, so code that uses it directly keeps working.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Kodo kodo(KodoProperties properties, Environment environment, ObjectProvider<RunSink> sinks) {
        return KodoFactory.create(properties, environment, sinks.orderedStream());
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnSingleCandidate(Kodo.class)
    KodoShutdown kodoShutdown(Kodo kodo, ApplicationContext context) {
        return new KodoShutdown(kodo, context);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "kodo", name = "enabled", havingValue = "true", matchIfMissing = true)
    static class EnabledConfiguration {

        @Bean
        @ConditionalOnMissingBean(TaskDecorator.class)
        @ConditionalOnClass(name = "io.micrometer.context.ContextSnapshotFactory")
        ContextPropagatingTaskDecorator kodoTaskDecorator() {
            // Carries every registered thread-local, Kodo's run included (KodoThreadLocalAccessor).
            return new ContextPropagatingTaskDecorator();
        }
    }

    /** Spring AOP applies the annotations, unless AspectJ already weaves them (see {@link LoadTimeWeaving}). */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "kodo", name = "enabled", havingValue = "true", matchIfMissing = true)
    @Conditional(AspectNotWoven.class)
    @Import(AutoProxyRegistrar.class)
    static class ProxyInterception {

        @Bean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        @ConditionalOnMissingBean(name = "kodoAdvisor")
        static Advisor kodoAdvisor(ObjectProvider<Kodo> kodo, Environment environment,
                                   ConfigurableListableBeanFactory beanFactory) {
            // Bound here rather than through KodoProperties: advisors are created before ordinary beans.
            int order = Binder.get(environment).bind("kodo.advice-order", Integer.class)
                    .orElse(KodoAdvisor.DEFAULT_ORDER);
            LOG.info(proxyModeMessage(beanFactory.getBeanClassLoader()));
            // Kodo is looked up at the first call, once: creating it now would exclude it from post-processing.
            return new KodoAdvisor(new KodoAdvice(new UniqueKodo(kodo, beanFactory)), order);
        }

        @Bean
        @ConditionalOnMissingBean
        static KodoAdvisorPosition kodoAdvisorPosition() {
            return new KodoAdvisorPosition();
        }

        @Bean
        @ConditionalOnMissingBean
        static UninterceptableMethodsWarning kodoUninterceptableMethodsWarning(
                ConfigurableListableBeanFactory beanFactory) {
            return new UninterceptableMethodsWarning(beanFactory);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "kodo", name = "enabled", havingValue = "true", matchIfMissing = true)
    @Conditional(AspectWoven.class)
    static class LoadTimeWeaving {

        @Bean
        @ConditionalOnMissingBean
        KodoAspectBinding kodoAspectBinding(ObjectProvider<Kodo> kodo, ConfigurableListableBeanFactory beanFactory) {
            LOG.info("Kodo: dev.kodo.core.advice.KodoAspect is woven by AspectJ: @KodoWorkflow and @KodoStep apply "
                    + "to every call, self-invocation and private methods included; Spring proxies leave them alone");
            return new KodoAspectBinding(new UniqueKodo(kodo, beanFactory).get());
        }
    }

    static String proxyModeMessage(ClassLoader classLoader) {
        String message = "Kodo: @KodoWorkflow and @KodoStep are applied through Spring AOP proxies: calls from "
                + "another bean are recorded, calls within the same bean (self-invocation) are not.";
        if (!ClassUtils.isPresent("org.aspectj.weaver.Advice", classLoader)) {
            message += " AspectJ (org.aspectj:aspectjweaver) is not on the classpath, so load-time weaving of "
                    + "dev.kodo.core.advice.KodoAspect is unavailable; the starter brings it unless it was excluded.";
        }
        return message;
    }

    /** Makes sure some auto-proxy creator applies advisors, as {@code @EnableTransactionManagement} does. */
    static class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar {

        @Override
        public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
            AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
        }
    }

    static class AspectWoven implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return KodoWeaving.isAspectWoven();
        }
    }

    static class AspectNotWoven implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !KodoWeaving.isAspectWoven();
        }
    }
}
