package dev.kodo.server.auth;

import dev.kodo.server.KodoServerProperties;
import java.io.PrintStream;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.util.StringUtils;

/**
 * At startup: stores the keys given in configuration ({@code kodo.server.keys}), and when the database holds no
 * key at all, creates an ingest key and a read key for project {@code default}, prints them once to standard
 * output, and stores only their hashes.
 */
public class FirstStartKeys implements ApplicationRunner {

    private final KeyStore keys;
    private final KodoServerProperties properties;
    private final PrintStream out;

    public FirstStartKeys(KeyStore keys, KodoServerProperties properties, PrintStream out) {
        this.keys = keys;
        this.properties = properties;
        this.out = out;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (int i = 0; i < properties.getKeys().size(); i++) {
            KodoServerProperties.ConfiguredKey key = properties.getKeys().get(i);
            String where = "kodo.server.keys[" + i + "]";
            ApiKey.Kind kind;
            try {
                kind = ApiKey.Kind.of(key.getKind());
                ApiKey.checkProject(key.getProject());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(where + ": " + e.getMessage(), e);
            }
            String hash;
            if (StringUtils.hasText(key.getSha256())) {
                hash = key.getSha256().trim().toLowerCase(java.util.Locale.ROOT);
                if (!hash.matches("[0-9a-f]{64}")) {
                    throw new IllegalStateException(where + ".sha256: must be 64 hex characters, the SHA-256 of the key "
                            + "(echo -n \"$KEY\" | sha256sum)");
                }
            } else if (StringUtils.hasText(key.getValue())) {
                if (key.getValue().trim().length() < 16) {
                    throw new IllegalStateException(where + ".value: a key must have at least 16 characters");
                }
                hash = ApiKey.hash(key.getValue().trim());
            } else {
                throw new IllegalStateException(where + ": give value (the key, e.g. ${KODO_INGEST_KEY}) or sha256");
            }
            keys.register(key.getProject(), kind, hash, "configuration");
        }
        if (properties.isGenerateFirstKeys()) {
            keys.createFirstKeys("default").ifPresent(this::print);
        }
    }

    private void print(List<String> created) {
        out.println();
        out.println("  Kodo: first start, created two API keys for project \"default\".");
        out.println("  They are shown only now; the server keeps only their hashes.");
        out.println();
        out.println("    ingest key (SDK, collector):           " + created.get(0));
        out.println("    read key   (dashboard, health API):    " + created.get(1));
        out.println();
        out.println("  More keys: java -jar kodo-server.jar keys create --project default --kind ingest|read");
        out.println();
        out.flush();
    }
}
