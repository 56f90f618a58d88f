package dev.kodo.core;

/**
 * A piece of work with no result that may throw {@code E}: the body of a void step.
 *
 * @param <E> what it may throw
 */
@FunctionalInterface
public interface ThrowingRunnable<E extends Throwable> {

    /** Does the work. */
    void run() throws E;
}
