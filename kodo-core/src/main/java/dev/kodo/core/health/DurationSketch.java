package dev.kodo.core.health;

import java.util.Arrays;

/**
 * A mergeable quantile sketch for durations in milliseconds (the DDSketch scheme): values fall into buckets
 * whose bounds grow by a factor {@code γ = (1 + α) / (1 − α)}, so any quantile it returns is within
 * {@value #RELATIVE_ACCURACY} (1 %) relative error of a true sample at that rank. Memory stays below ~12 KiB
 * whatever the number of values (one counter per bucket between 1 µs and about 11 days); values at or below
 * 1 µs count as zero. Not thread-safe.
 *
 * <pre>{@code
 * DurationSketch sketch = new DurationSketch();
 * sketch.add(812.5);
 * double p95 = sketch.quantile(0.95);
 * }</pre>
 */
public final class DurationSketch {

    /** The relative accuracy α of every quantile. */
    public static final double RELATIVE_ACCURACY = 0.01;

    private static final double GAMMA = (1 + RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
    private static final double LOG_GAMMA = Math.log(GAMMA);
    private static final double MIN_INDEXABLE = 0.001;
    private static final double MAX_INDEXABLE = 1e9;
    private static final int FORMAT_VERSION = 1;

    private long zeroCount;
    private long[] counts = new long[0];
    /** Bucket index of {@code counts[0]}. */
    private int offset;
    private long count;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private double sum;

    /** Adds one duration, in milliseconds. Negative and NaN values are ignored. */
    public void add(double millis) {
        if (!(millis >= 0)) {
            return;
        }
        double value = Math.min(millis, MAX_INDEXABLE);
        if (value <= MIN_INDEXABLE) {
            zeroCount++;
        } else {
            int index = (int) Math.ceil(Math.log(value) / LOG_GAMMA);
            ensureCovers(index);
            counts[index - offset]++;
        }
        count++;
        sum += millis;
        min = count == 1 ? millis : Math.min(min, millis);
        max = count == 1 ? millis : Math.max(max, millis);
    }

    /** Adds every value of {@code other} to this sketch. */
    public void merge(DurationSketch other) {
        if (other.count == 0) {
            return;
        }
        zeroCount += other.zeroCount;
        for (int i = 0; i < other.counts.length; i++) {
            if (other.counts[i] != 0) {
                int index = other.offset + i;
                ensureCovers(index);
                counts[index - offset] += other.counts[i];
            }
        }
        min = count == 0 ? other.min : Math.min(min, other.min);
        max = count == 0 ? other.max : Math.max(max, other.max);
        count += other.count;
        sum += other.sum;
    }

    /**
     * The value at quantile {@code q} (0 to 1) in milliseconds, within 1 % relative error; {@code NaN} when
     * empty. The rank is {@code q × (count − 1)}, so {@code quantile(0)} is the minimum and {@code quantile(1)}
     * the maximum.
     */
    public double quantile(double q) {
        if (count == 0) {
            return Double.NaN;
        }
        if (q <= 0) {
            return min;
        }
        if (q >= 1) {
            return max;
        }
        double rank = q * (count - 1);
        long seen = zeroCount;
        if (seen > rank) {
            return Math.max(0, min);
        }
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                double estimate = 2 * Math.pow(GAMMA, offset + i) / (GAMMA + 1);
                return Math.max(min, Math.min(max, estimate));
            }
        }
        return max;
    }

    /** How many values were added. */
    public long count() {
        return count;
    }

    /** The smallest value added, or {@code NaN}. */
    public double min() {
        return min;
    }

    /** The largest value added, or {@code NaN}. */
    public double max() {
        return max;
    }

    /** The sum of all values added. */
    public double sum() {
        return sum;
    }

    /**
     * A compact binary form, for storing pre-aggregated sketches (e.g. one per workflow and minute) and merging
     * them later with {@link #fromBytes(byte[])} and {@link #merge(DurationSketch)}.
     */
    public byte[] toBytes() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64);
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        try {
            out.writeByte(FORMAT_VERSION);
            out.writeLong(count);
            out.writeLong(zeroCount);
            out.writeDouble(min);
            out.writeDouble(max);
            out.writeDouble(sum);
            int nonZero = 0;
            for (long c : counts) {
                if (c != 0) {
                    nonZero++;
                }
            }
            out.writeInt(nonZero);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0) {
                    out.writeShort(offset + i);
                    out.writeLong(counts[i]);
                }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads what {@link #toBytes()} wrote.
     *
     * @throws IllegalArgumentException when {@code bytes} is not a sketch of this format
     */
    public static DurationSketch fromBytes(byte[] bytes) {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes));
        try {
            int version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown sketch format version " + version);
            }
            DurationSketch sketch = new DurationSketch();
            sketch.count = in.readLong();
            sketch.zeroCount = in.readLong();
            sketch.min = in.readDouble();
            sketch.max = in.readDouble();
            sketch.sum = in.readDouble();
            int nonZero = in.readInt();
            for (int i = 0; i < nonZero; i++) {
                int index = in.readShort();
                long c = in.readLong();
                sketch.ensureCovers(index);
                sketch.counts[index - sketch.offset] += c;
            }
            return sketch;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("truncated sketch", e);
        }
    }

    private void ensureCovers(int index) {
        if (counts.length == 0) {
            counts = new long[16];
            offset = index - 8;
            return;
        }
        int low = offset;
        int high = offset + counts.length - 1;
        if (index >= low && index <= high) {
            return;
        }
        int newLow = Math.min(low, index);
        int newHigh = Math.max(high, index);
        // Grow with slack on the side that grew, so a drifting range does not copy on every value.
        int slack = Math.max(16, (newHigh - newLow) / 2);
        if (index < low) {
            newLow -= slack;
        } else {
            newHigh += slack;
        }
        long[] grown = new long[newHigh - newLow + 1];
        System.arraycopy(counts, 0, grown, low - newLow, counts.length);
        counts = grown;
        offset = newLow;
    }

    @Override
    public String toString() {
        return "DurationSketch[count=" + count + ", p50=" + quantile(0.5) + ", p95=" + quantile(0.95)
                + ", p99=" + quantile(0.99) + ", buckets=" + Arrays.stream(counts).filter(c -> c > 0).count() + "]";
    }
}
