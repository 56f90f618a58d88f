package dev.kodo.core.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Each call of the annotated method is one run of a workflow: it starts when the method is called and ends when it
 * returns or throws, or, for an asynchronous result ({@code CompletionStage}, Reactor {@code Mono}/{@code Flux},
 * Mutiny {@code Uni}/{@code Multi}), when that result completes. {@link KodoStep} methods called inside become its
 * steps.
 *
 * <pre>{@code
 * @Service
 * class CheckoutService {
 *     @KodoWorkflow(value = "checkout-fulfillment", stuckAfter = "10m")
 *     public Receipt fulfill(Order order) { ... }
 * }
 * }</pre>
 *
 * <p>On a type, every public method declared by that type is a workflow named after the method.
 *
 * <p>Framework integrations (the Spring Boot starter, the Quarkus extension) apply it to beans; plain Java
 * applications weave {@code dev.kodo.core.advice.KodoAspect} with AspectJ.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface KodoWorkflow {

    /**
     * The workflow's name, e.g. {@code checkout-fulfillment}. Default: the method name in kebab case
     * ({@code fulfillCheckout} becomes {@code fulfill-checkout}). On a type, a non-empty value prefixes each
     * method's name: {@code checkout.fulfill-order}.
     */
    String value() default "";

    /**
     * How long a run may stay in flight before it counts as stuck, e.g. {@code 30s}, {@code 10m}, {@code 2h} or
     * ISO-8601 {@code PT10M}. Default: the workflow's configured setting, else the server's (15 min).
     */
    String stuckAfter() default "";
}
