package dev.kodo.core.context;

/** Restores the previous context when closed. Close it on the thread that opened it. */
@FunctionalInterface
public interface Scope extends AutoCloseable {

    @Override
    void close();
}
