package dev.kodo.server;

import dev.kodo.server.auth.ApiKey;
import dev.kodo.server.auth.KeyStore;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code java -jar kodo-server.jar keys create|list|revoke}: manages API keys in the database the server uses
 * (the same configuration decides which). Works while the server runs, also on the embedded database.
 *
 * <pre>
 * keys create --project default --kind ingest [--name checkout-service]
 * keys list
 * keys revoke 3f9a0c12d4e5
 * </pre>
 */
final class KeysCommand {

    static final String USAGE = """
            Usage: java -jar kodo-server.jar keys <command> [options] [--spring or kodo properties]
              keys create --project <project> --kind ingest|read [--name <note>]
                  Creates a key and prints it once; only its hash is stored.
              keys list
                  Lists keys: id (start of the hash), project, kind, name, created.
              keys revoke <id>
                  Deletes the key with that id; senders using it get 401 within seconds.
            """;

    private KeysCommand() {
    }

    static boolean handles(String first) {
        return first.equals("keys");
    }

    /** @return the process exit code */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String command = args.length > 1 ? args[1] : "";
        String project = "default";
        String kind = null;
        String name = null;
        String id = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--project", "--kind", "--name" -> {
                    if (i + 1 >= args.length) {
                        err.println(arg + ": needs a value\n\n" + USAGE);
                        return 2;
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--project" -> project = value;
                        case "--kind" -> kind = value;
                        default -> name = value;
                    }
                }
                default -> {
                    if (arg.startsWith("--")) {
                        springArgs.add(arg);
                    } else if (id == null) {
                        id = arg;
                    } else {
                        err.println("unexpected argument \"" + arg + "\"\n\n" + USAGE);
                        return 2;
                    }
                }
            }
        }
        ApiKey.Kind keyKind = null;
        try {
            switch (command) {
                case "create" -> {
                    ApiKey.checkProject(project);
                    keyKind = ApiKey.Kind.of(kind);
                }
                case "list" -> { }
                case "revoke" -> {
                    if (id == null) {
                        throw new IllegalArgumentException("revoke needs the key's id, as keys list shows it");
                    }
                }
                default -> {
                    err.println((command.isEmpty() ? "" : "unknown command \"" + command + "\"\n\n") + USAGE);
                    return 2;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(KodoServer.class)
                .web(WebApplicationType.NONE)
                .logStartupInfo(false)
                .properties("kodo.server.generate-first-keys=false", "kodo.server.jobs.enabled=false",
                        "spring.main.banner-mode=off", "logging.level.root=warn")
                .run(springArgs.toArray(String[]::new))) {
            KeyStore keys = context.getBean(KeyStore.class);
            switch (command) {
                case "create" -> {
                    String key = keys.create(project, keyKind, name);
                    out.println(key);
                    err.println("Created a" + (keyKind == ApiKey.Kind.INGEST ? "n ingest" : " read") + " key for project \""
                            + project + "\". It is shown only now; the server keeps only its hash.");
                }
                case "list" -> {
                    out.printf("%-12s  %-20s  %-6s  %-24s  %s%n", "ID", "PROJECT", "KIND", "CREATED", "NAME");
                    for (KeyStore.KeyInfo k : keys.list()) {
                        out.printf("%-12s  %-20s  %-6s  %-24s  %s%n", k.id(), k.project(), k.kind(), k.createdAt(),
                                k.name() == null ? "" : k.name());
                    }
                }
                default -> {
                    if (keys.revoke(id) == 0) {
                        err.println("no single key has an id starting with \"" + id + "\"; see keys list");
                        return 1;
                    }
                    err.println("Revoked key " + id + ".");
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }
}
