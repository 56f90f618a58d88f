package dev.kodo.demo;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * The demo's ingest and read keys: created on the first run, kept in the demo's home so the dashboard's remembered
 * key keeps working on the next run. The server receives them through configuration and stores only their hashes.
 *
 * @param ingest for the samples and the collector
 * @param read   for the dashboard and the Process Health API
 */
record DemoKeys(String ingest, String read) {

    static DemoKeys loadOrCreate(Path home) {
        Path file = home.resolve("keys.properties");
        Properties p = new Properties();
        try {
            if (Files.isRegularFile(file)) {
                try (Reader in = Files.newBufferedReader(file)) {
                    p.load(in);
                }
                if (p.getProperty("ingest") != null && p.getProperty("read") != null) {
                    return new DemoKeys(p.getProperty("ingest"), p.getProperty("read"));
                }
            }
            DemoKeys keys = new DemoKeys("kodo_ik_" + random(), "kodo_rk_" + random());
            p.setProperty("ingest", keys.ingest());
            p.setProperty("read", keys.read());
            Files.createDirectories(home);
            Files.deleteIfExists(file);
            // Readable by this user only: the keys grant access to the demo server's data.
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            try (Writer out = Files.newBufferedWriter(file)) {
                p.store(out, "Kodo demo keys (project default); delete this file to get new ones");
            }
            return keys;
        } catch (IOException e) {
            throw new DemoException("cannot read or write the demo's keys in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
