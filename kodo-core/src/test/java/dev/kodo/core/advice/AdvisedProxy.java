package dev.kodo.core.advice;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

/**
 * A JDK dynamic proxy that routes every call through {@link KodoAdvice}: the same thin adapter a framework's
 * interceptor is, so the advice is exercised exactly as Spring and Quarkus call it.
 */
final class AdvisedProxy {

    private AdvisedProxy() {
    }

    @SuppressWarnings("unchecked")
    static <T> T of(Class<T> api, T target, KodoAdvice advice) {
        return (T) Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, (proxy, method, args) ->
                advice.invoke(method, target.getClass(), () -> {
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                }));
    }
}
