package dev.kodo.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;
import java.lang.reflect.Method;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KodoAnnotationsTest {

    interface Api {
        @KodoWorkflow("from-interface")
        void a();

        void b();
    }

    static class Impl implements Api {
        @Override
        public void a() {
        }

        @Override
        @KodoStep
        public void b() {
        }

        @KodoStep
        private void hidden() {
        }

        @KodoWorkflow
        public final void sealed() {
        }

        @KodoWorkflow("both")
        @KodoStep("ignored")
        public void both() {
        }
    }

    @KodoWorkflow(value = "billing", stuckAfter = "2h")
    static class Billing {
        public void chargeMonthly() {
        }

        @KodoStep("explicit")
        public void overridden() {
        }

        void packagePrivate() {
        }

        @Override
        public String toString() {
            return "billing";
        }
    }

    @Test
    void anAnnotationOnTheInterfaceMethodAppliesToTheImplementation() throws Exception {
        KodoAnnotations.Target t = KodoAnnotations.find(Api.class.getMethod("a"), Impl.class);
        assertThat(t.kind()).isEqualTo(KodoAnnotations.Kind.WORKFLOW);
        assertThat(t.name()).isEqualTo("from-interface");
        assertThat(KodoAnnotations.find(Impl.class.getMethod("a"), Impl.class).name()).isEqualTo("from-interface");
    }

    @Test
    void anAnnotationOnTheImplementationAppliesWhenCalledThroughTheInterface() throws Exception {
        KodoAnnotations.Target t = KodoAnnotations.find(Api.class.getMethod("b"), Impl.class);
        assertThat(t.kind()).isEqualTo(KodoAnnotations.Kind.STEP);
        assertThat(t.name()).isEqualTo("b");
    }

    @Test
    void aTypeAnnotationMakesEachPublicMethodAPrefixedWorkflowAndMethodAnnotationsWin() throws Exception {
        KodoAnnotations.Target t = KodoAnnotations.find(Billing.class.getMethod("chargeMonthly"), Billing.class);
        assertThat(t.name()).isEqualTo("billing.charge-monthly");
        assertThat(t.stuckAfter()).isEqualTo(Duration.ofHours(2));
        assertThat(KodoAnnotations.find(Billing.class.getMethod("overridden"), Billing.class).kind())
                .isEqualTo(KodoAnnotations.Kind.STEP);
        assertThat(KodoAnnotations.find(Billing.class.getDeclaredMethod("packagePrivate"), Billing.class)).isNull();
        assertThat(KodoAnnotations.find(Billing.class.getMethod("toString"), Billing.class)).isNull();
        assertThat(KodoAnnotations.find(Object.class.getMethod("hashCode"), Billing.class)).isNull();
    }

    @Test
    void aMethodWithBothAnnotationsIsAWorkflow() throws Exception {
        assertThat(KodoAnnotations.find(Impl.class.getMethod("both"), Impl.class).name()).isEqualTo("both");
    }

    @Test
    void uninterceptableAnnotatedMethodsAreListedForStartupWarnings() {
        assertThat(KodoAnnotations.uninterceptable(Impl.class)).extracting(Method::getName)
                .containsExactlyInAnyOrder("hidden", "sealed");
        assertThat(KodoAnnotations.isAnnotated(Impl.class)).isTrue();
        assertThat(KodoAnnotations.isAnnotated(String.class)).isFalse();
    }

    @Test
    void anUnreadableStuckAfterIsAProblemThatNamesTheMethodAndTheFix() throws Exception {
        class Bad {
            @KodoWorkflow(stuckAfter = "15 minutes")
            public void nightly() {
            }
        }
        KodoAnnotations.Target t = KodoAnnotations.find(Bad.class.getMethod("nightly"), Bad.class);
        assertThat(t.stuckAfter()).isNull();
        assertThat(t.problem()).contains("stuckAfter = \"15 minutes\"").contains("Bad.nightly()")
                .contains("15m");
    }

    @Test
    void aStuckAfterOfZeroNegativeOrBeyondADurationIsAProblemNotAnException() throws Exception {
        class Odd {
            @KodoWorkflow(stuckAfter = "0s")
            public void zero() {
            }

            @KodoWorkflow(stuckAfter = "PT-5M")
            public void negative() {
            }

            @KodoWorkflow(stuckAfter = "99999999999999999d")
            public void huge() {
            }
        }
        for (String name : new String[] {"zero", "negative", "huge"}) {
            KodoAnnotations.Target t = KodoAnnotations.find(Odd.class.getMethod(name), Odd.class);
            assertThat(t.stuckAfter()).as(name).isNull();
            assertThat(t.problem()).as(name).contains("Odd." + name + "()").contains("the hint is ignored");
        }
    }
}
