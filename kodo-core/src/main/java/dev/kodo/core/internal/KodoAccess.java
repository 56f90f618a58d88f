package dev.kodo.core.internal;

import dev.kodo.core.Kodo;
import java.util.function.Function;

/**
 * Gives Kodo's own adapters (the advice, the context package) the {@link Recorder} of a {@link Kodo} instance
 * without making it public API. {@code Kodo} registers the accessor when its class initialises; every caller
 * holds a {@code Kodo} instance, so the class is initialised by then.
 */
public final class KodoAccess {

    private static volatile Function<Kodo, Recorder> recorders;

    private KodoAccess() {
    }

    /** Called once, by {@code Kodo}'s static initialiser. */
    public static void register(Function<Kodo, Recorder> accessor) {
        recorders = accessor;
    }

    /** The recorder of {@code kodo}, or {@code null} when it is disabled. */
    public static Recorder recorder(Kodo kodo) {
        return recorders.apply(kodo);
    }
}
