package dev.kodo.spring.aop;

import dev.kodo.core.advice.KodoAspect;

/**
 * Tells whether core's {@link KodoAspect} is woven by AspectJ ({@code -javaagent:aspectjweaver.jar} and a
 * {@code META-INF/aop.xml} naming it). Then AspectJ applies the annotations to every call, and Spring proxies must
 * not apply them a second time.
 */
public final class KodoWeaving {

    private KodoWeaving() {
    }

    /** {@code true} when AspectJ has woven {@link KodoAspect} as an aspect in this class loader. */
    public static boolean isAspectWoven() {
        try {
            // The weaver adds aspectOf() to every aspect class it activates; the source class has none.
            KodoAspect.class.getMethod("aspectOf");
            return true;
        } catch (NoSuchMethodException | LinkageError notWoven) {
            return false;
        }
    }
}
