package dev.kodo.core.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Each call of the annotated method, inside a running workflow, is one step of that run: timed, recorded as ok or
 * failed, and its result returned or its exception rethrown unchanged. Called outside any workflow the method just
 * runs. Asynchronous results end the step when they complete.
 *
 * <pre>{@code
 * @Service
 * class PaymentService {
 *     @KodoStep("charge_card")
 *     public Charge charge(Order order) throws CardDeclinedException { ... }
 * }
 * }</pre>
 *
 * <p>On a type, every public method declared by that type is a step named after the method.
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface KodoStep {

    /**
     * The step's name, e.g. {@code charge_card}. Default: the method name in snake case ({@code chargeCard}
     * becomes {@code charge_card}). On a type, a non-empty value prefixes each method's name:
     * {@code payments.charge_card}.
     */
    String value() default "";
}
