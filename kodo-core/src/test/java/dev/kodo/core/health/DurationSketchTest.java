package dev.kodo.core.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DurationSketchTest {

    private static final double[] QUANTILES = {0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999};

    @Test
    void everyQuantileIsWithinOnePercentOfTheExactValueAtItsRank() {
        Random random = new Random(42);
        double[] values = new double[100_000];
        DurationSketch sketch = new DurationSketch();
        for (int i = 0; i < values.length; i++) {
            // Log-normal around 50 ms with a long tail, plus a few sub-millisecond values.
            values[i] = i % 1000 == 0 ? random.nextDouble() * 0.5 : Math.exp(Math.log(50) + random.nextGaussian());
            sketch.add(values[i]);
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        for (double q : QUANTILES) {
            double exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
            assertThat(sketch.quantile(q)).as("p%s", q * 100)
                    .isCloseTo(exact, org.assertj.core.data.Offset.offset(exact * DurationSketch.RELATIVE_ACCURACY + 1e-9));
        }
        assertThat(sketch.count()).isEqualTo(values.length);
        assertThat(sketch.quantile(0)).isEqualTo(sorted[0]);
        assertThat(sketch.quantile(1)).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void mergingSketchesEqualsSketchingEverything() {
        Random random = new Random(7);
        DurationSketch all = new DurationSketch();
        DurationSketch a = new DurationSketch();
        DurationSketch b = new DurationSketch();
        for (int i = 0; i < 10_000; i++) {
            double v = random.nextDouble() * (i % 2 == 0 ? 10 : 100_000);
            all.add(v);
            (i % 3 == 0 ? a : b).add(v);
        }
        a.merge(b);
        for (double q : QUANTILES) {
            assertThat(a.quantile(q)).isEqualTo(all.quantile(q));
        }
        assertThat(a.count()).isEqualTo(all.count());
        assertThat(a.min()).isEqualTo(all.min());
        assertThat(a.max()).isEqualTo(all.max());
    }

    @Test
    void theBinaryFormRoundTrips() {
        DurationSketch sketch = new DurationSketch();
        for (int i = 1; i <= 1000; i++) {
            sketch.add(i * 1.5);
        }
        sketch.add(0);
        DurationSketch back = DurationSketch.fromBytes(sketch.toBytes());
        for (double q : QUANTILES) {
            assertThat(back.quantile(q)).isEqualTo(sketch.quantile(q));
        }
        assertThat(back.count()).isEqualTo(1001);
        assertThat(back.sum()).isEqualTo(sketch.sum());
        assertThatThrownBy(() -> DurationSketch.fromBytes(new byte[] {9})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptySketchHasNoQuantiles() {
        assertThat(new DurationSketch().quantile(0.95)).isNaN();
    }
}
