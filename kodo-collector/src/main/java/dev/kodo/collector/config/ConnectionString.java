package dev.kodo.collector.config;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A database connection string from kodo.yaml, in URL form ({@code postgres://user:pass@host:5432/db},
 * {@code mysql://user:pass@host:3306/db}) or as a JDBC URL ({@code jdbc:postgresql://host/db?user=u&password=p},
 * {@code jdbc:mariadb://...}, {@code jdbc:mysql://...}).
 *
 * <p>It never leaves this machine: {@link #toString()} and {@link #redacted()} show it without the password, and
 * {@link #scrub(String)} removes the secret from driver messages before they are logged.
 */
public final class ConnectionString {

    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");

    private final SourceKind kind;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String secret;
    private final String raw;
    private final String target;

    private ConnectionString(SourceKind kind, String jdbcUrl, String user, String password, String secret,
                             String raw, String target) {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.secret = secret;
        this.raw = raw;
        this.target = target;
    }

    /**
     * @throws IllegalArgumentException with a message that shows the accepted forms and never repeats the value
     */
    public static ConnectionString parse(String value) {
        String s = value.trim();
        int sep = s.indexOf("://");
        if (sep < 0) {
            throw new IllegalArgumentException(forms());
        }
        String scheme = s.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = s.substring(sep + 3);
        int q = rest.indexOf('?');
        String query = q < 0 ? "" : rest.substring(q + 1);
        String beforeQuery = q < 0 ? rest : rest.substring(0, q);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        String database = slash < 0 ? "" : beforeQuery.substring(slash + 1);
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? null : authority.substring(0, at);
        String hosts = at < 0 ? authority : authority.substring(at + 1);

        switch (scheme) {
            case "postgres":
            case "postgresql":
                return fromUrl(SourceKind.POSTGRES, "jdbc:postgresql://", userInfo, hosts, database, query, s);
            case "mysql":
            case "mariadb":
                return fromUrl(SourceKind.MYSQL, "jdbc:mariadb://", userInfo, hosts, database, query, s);
            case "jdbc:postgresql":
                return new ConnectionString(SourceKind.POSTGRES, s, null, null, passwordParameter(query), s,
                        target(hosts, database, SourceKind.POSTGRES));
            case "jdbc:mariadb":
                return new ConnectionString(SourceKind.MYSQL, s, null, null, passwordParameter(query), s,
                        target(hosts, database, SourceKind.MYSQL));
            case "jdbc:mysql":
                // MariaDB Connector/J serves MySQL too; it accepts the jdbc:mysql: scheme only when asked to.
                String url = s + (q < 0 ? "?" : "&") + "permitMysqlScheme";
                return new ConnectionString(SourceKind.MYSQL, url, null, null, passwordParameter(query), s,
                        target(hosts, database, SourceKind.MYSQL));
            default:
                throw new IllegalArgumentException(forms());
        }
    }

    private static ConnectionString fromUrl(SourceKind kind, String jdbcPrefix, String userInfo, String hosts,
                                            String database, String query, String raw) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("the connection string has no host; " + forms());
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String jdbcUrl = jdbcPrefix + hosts + "/" + database + (query.isEmpty() ? "" : "?" + query);
        return new ConnectionString(kind, jdbcUrl, user, password, password, raw, target(hosts, database, kind));
    }

    /** A JDBC URL's {@code password=} value: never sent separately, only remembered so it can be scrubbed. */
    private static String passwordParameter(String query) {
        for (String pair : query.split("[&;]")) {
            if (pair.regionMatches(true, 0, "password=", 0, 9)) {
                return pair.substring(9);
            }
        }
        return null;
    }

    private static String target(String hosts, String database, SourceKind kind) {
        String h = hosts.isEmpty() ? "localhost" : hosts;
        if (h.indexOf(':') < 0 && h.indexOf(',') < 0) {
            h = h + ":" + kind.defaultPort();
        }
        return h + "/" + database;
    }

    private static String decode(String s) {
        // In the user-info part a '+' is a plus, not a space.
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String forms() {
        return "use postgres://user:password@host:5432/database, jdbc:postgresql://host:5432/database, "
                + "mysql://user:password@host:3306/database or jdbc:mariadb://host:3306/database "
                + "(the value is not repeated here because it may hold a password)";
    }

    /** The database kind the URL's scheme names. */
    public SourceKind kind() {
        return kind;
    }

    /** The JDBC URL, without the credentials of a URL-form string (those go in {@link #properties()}). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** User and password for the driver, when the string carried them in its user-info part. */
    public Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    /** {@code host:port/database}: names the database without any credential (kept in the state file). */
    public String target() {
        return target;
    }

    /** The connection string without its password: fit for logs and error messages. */
    public String redacted() {
        return scrub(raw);
    }

    /** Removes this connection's password (and any {@code password=} parameter) from {@code text}. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        int sep = raw.indexOf("://");
        String rest = sep < 0 ? "" : raw.substring(sep + 3);
        int at = rest.lastIndexOf('@');
        int slashBeforeAt = rest.indexOf('/');
        if (at > 0 && (slashBeforeAt < 0 || at < slashBeforeAt)) {
            String userInfo = rest.substring(0, at);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                out = out.replace(userInfo, userInfo.substring(0, colon) + ":****");
            }
        }
        if (secret != null && !secret.isEmpty()) {
            out = out.replace(secret, "****");
        }
        return PASSWORD_PARAM.matcher(out).replaceAll("$1****");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
