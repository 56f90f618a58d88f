package dev.kodo.core;

/**
 * A piece of work that returns a value and may throw {@code E}: the body of a step. Lambdas infer {@code E}
 * from what they throw, so checked exceptions pass through {@code step(...)} unchanged.
 *
 * @param <T> the result
 * @param <E> what it may throw
 */
@FunctionalInterface
public interface ThrowingSupplier<T, E extends Throwable> {

    /** Does the work. */
    T get() throws E;
}
