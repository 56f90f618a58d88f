package dev.kodo.quarkus.deployment;

import dev.kodo.core.Kodo;
import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import dev.kodo.core.sink.RunSink;
import dev.kodo.quarkus.runtime.KodoMetricsProducer;
import dev.kodo.quarkus.runtime.KodoProducer;
import dev.kodo.quarkus.runtime.KodoStepInterceptor;
import dev.kodo.quarkus.runtime.KodoWorkflowInterceptor;
import io.quarkus.arc.deployment.AdditionalBeanBuildItem;
import io.quarkus.arc.deployment.InterceptorBindingRegistrarBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.processor.InterceptorBindingRegistrar;
import io.quarkus.deployment.annotations.BuildProducer;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.deployment.metrics.MetricsCapabilityBuildItem;
import io.quarkus.runtime.metrics.MetricsFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.DotName;

/**
 * Build steps of the Kodo extension: {@code @KodoWorkflow} and {@code @KodoStep} become interceptor bindings (the
 * annotations live in framework-free kodo-core), the interceptors and the {@code Kodo} bean are added, and the
 * Micrometer binder joins when {@code quarkus-micrometer} is present.
 */
class KodoProcessor {

    static final String FEATURE = "kodo";

    private static final List<DotName> ANNOTATIONS =
            List.of(DotName.createSimple(KodoWorkflow.class), DotName.createSimple(KodoStep.class));

    @BuildStep
    FeatureBuildItem feature() {
        return new FeatureBuildItem(FEATURE);
    }

    @BuildStep
    InterceptorBindingRegistrarBuildItem interceptorBindings() {
        return new InterceptorBindingRegistrarBuildItem(new InterceptorBindingRegistrar() {
            @Override
            public List<InterceptorBinding> getAdditionalBindings() {
                // Every member is non-binding: one interceptor serves @KodoStep("charge_card") and @KodoStep alike.
                return List.of(InterceptorBinding.of(KodoWorkflow.class, member -> true),
                        InterceptorBinding.of(KodoStep.class, member -> true));
            }
        });
    }

    @BuildStep
    void beans(Optional<MetricsCapabilityBuildItem> metrics, BuildProducer<AdditionalBeanBuildItem> beans,
               BuildProducer<UnremovableBeanBuildItem> unremovable) {
        beans.produce(AdditionalBeanBuildItem.builder()
                .addBeanClasses(KodoWorkflow.class, KodoStep.class)
                .addBeanClasses(KodoWorkflowInterceptor.class, KodoStepInterceptor.class)
                .addBeanClass(KodoProducer.class)
                .setUnremovable()
                .build());
        if (metrics.isPresent() && metrics.get().metricsSupported(MetricsFactory.MICROMETER)) {
            beans.produce(AdditionalBeanBuildItem.unremovableOf(KodoMetricsProducer.class));
        }
        // The application may use Kodo only through annotations, and its RunSink beans only through Kodo.
        unremovable.produce(UnremovableBeanBuildItem.beanTypes(Kodo.class, RunSink.class));
    }

    /**
     * The advice reads the annotations reflectively at the first call of each method; a native image needs the
     * annotated classes registered for that. (Annotated private methods need no warning here: ArC fails the build
     * and says why. Final and static methods are intercepted, see KodoUnproxyableMethodsTest.)
     */
    @BuildStep
    ReflectiveClassBuildItem annotatedClasses(CombinedIndexBuildItem index) {
        Set<String> classes = new TreeSet<>();
        for (DotName annotation : ANNOTATIONS) {
            for (AnnotationInstance instance : index.getIndex().getAnnotations(annotation)) {
                AnnotationTarget target = instance.target();
                if (target.kind() == AnnotationTarget.Kind.METHOD) {
                    classes.add(target.asMethod().declaringClass().name().toString());
                } else if (target.kind() == AnnotationTarget.Kind.CLASS) {
                    classes.add(target.asClass().name().toString());
                }
            }
        }
        return ReflectiveClassBuildItem.builder(classes.toArray(String[]::new)).methods().reason(FEATURE).build();
    }
}
