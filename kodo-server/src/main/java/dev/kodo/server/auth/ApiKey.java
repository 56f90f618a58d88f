package dev.kodo.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;

/**
 * An API key's project and kind. Keys look like {@code kodo_ik_...} (ingest) or {@code kodo_rk_...} (read): 32
 * random base-62 characters after the prefix. Only their SHA-256 is stored; a key is high-entropy, so a fast
 * hash is enough and keeps every request's lookup cheap.
 *
 * @param project the project the key belongs to
 * @param kind    what it may do
 */
public record ApiKey(String project, Kind kind) {

    /** What a key may do. */
    public enum Kind {
        /** Send runs: {@code POST /api/v1/runs}. */
        INGEST("kodo_ik_"),
        /** Read: the dashboard and the Process Health API. */
        READ("kodo_rk_");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @throws IllegalArgumentException naming the accepted kinds
         */
        public static Kind of(String word) {
            if (word != null) {
                for (Kind kind : values()) {
                    if (kind.wireName().equalsIgnoreCase(word.trim())) {
                        return kind;
                    }
                }
            }
            throw new IllegalArgumentException("kind must be ingest or read (was \"" + word + "\")");
        }
    }

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new random key of {@code kind}. */
    public static String generate(Kind kind) {
        StringBuilder sb = new StringBuilder(kind.prefix);
        for (int i = 0; i < 32; i++) {
            sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** The stored form of a key: its SHA-256, 64 lower-case hex characters. */
    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Checks a project name: 1 to 64 of lower-case letters, digits, {@code .}, {@code _} and {@code -}.
     *
     * @throws IllegalArgumentException saying what is allowed
     */
    public static String checkProject(String project) {
        if (project == null || !project.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("project must be 1 to 64 lower-case letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit (was \"" + project + "\")");
        }
        return project;
    }
}
