package dev.kodo.core.internal;

import java.util.concurrent.ThreadLocalRandom;

/** Random ids in the format of W3C trace ids: 32 lower-case hex characters. */
public final class Ids {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Ids() {
    }

    /**
     * A new run id. {@link ThreadLocalRandom} rather than {@code UUID.randomUUID()}: ids need to be unique,
     * not unguessable, and SecureRandom would cost microseconds and contend across threads.
     */
    public static String newRunId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long hi = random.nextLong();
        long lo = random.nextLong();
        if (hi == 0 && lo == 0) {
            lo = 1; // the all-zero id is invalid as a trace id
        }
        char[] chars = new char[32];
        fill(chars, 0, hi);
        fill(chars, 16, lo);
        return new String(chars);
    }

    private static void fill(char[] chars, int offset, long value) {
        for (int i = 15; i >= 0; i--) {
            chars[offset + i] = HEX[(int) (value & 0xF)];
            value >>>= 4;
        }
    }
}
