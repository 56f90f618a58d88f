package dev.kodo.collector.config;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
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

    /** A {@code password=} (or {@code sslpassword=}) parameter of a URL's query. */
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)([^&;]*)");
    /** A {@code user=} parameter: its value may hold an {@code @} (Azure's {@code name@server}). */
    private static final Pattern USER_PARAM = Pattern.compile("(?i)([?&;]user=)([^&;]*)");
    /** A user name shown in {@link #redacted()}; anything else in the user-info part is shown as {@code ****}. */
    private static final Pattern SAFE_USER = Pattern.compile("[A-Za-z0-9._%+-]*");

    private final SourceKind kind;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final List<String> secrets;
    private final String raw;
    private final String redacted;
    private final String target;

    private ConnectionString(SourceKind kind, String jdbcUrl, String user, String password, List<String> secrets,
                             String raw, String redacted, String target) {
        this.kind = kind;
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        // Longest first, so that a secret containing another is replaced whole.
        this.secrets = secrets.stream().filter(x -> !x.isEmpty()).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        this.raw = raw;
        this.redacted = redacted;
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
        switch (scheme) {
            case "postgres":
            case "postgresql":
                return fromUrl(SourceKind.POSTGRES, "jdbc:postgresql://", scheme, rest, s);
            case "mysql":
            case "mariadb":
                return fromUrl(SourceKind.MYSQL, "jdbc:mariadb://", scheme, rest, s);
            case "jdbc:postgresql":
                return fromJdbc(SourceKind.POSTGRES, s, scheme, rest);
            case "jdbc:mariadb":
                return fromJdbc(SourceKind.MYSQL, s, scheme, rest);
            case "jdbc:mysql":
                // MariaDB Connector/J serves MySQL too; it accepts the jdbc:mysql: scheme only when asked to.
                return fromJdbc(SourceKind.MYSQL, s + (rest.indexOf('?') < 0 ? "?" : "&") + "permitMysqlScheme",
                        scheme, rest);
            default:
                throw new IllegalArgumentException(forms());
        }
    }

    /**
     * {@code user:password@hosts/database?query}. The password may hold any character unencoded ({@code /},
     * {@code ?}, {@code @}, {@code #}, ...), so the user-info part ends at the LAST {@code @}: all that precedes it
     * is credentials, never shown. (An {@code @} in a query value must therefore be written {@code %40}.)
     */
    private static ConnectionString fromUrl(SourceKind kind, String jdbcPrefix, String scheme, String rest,
                                            String raw) {
        int at = rest.lastIndexOf('@');
        String userInfo = at < 0 ? null : rest.substring(0, at);
        Address address = Address.of(at < 0 ? rest : rest.substring(at + 1), false);
        if (address == null) {
            throw new IllegalArgumentException("the connection string has no valid host[:port] after '@'; " + forms());
        }
        String user = null;
        String password = null;
        String userShown = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String rawUser = colon < 0 ? userInfo : userInfo.substring(0, colon);
            if (rawUser.indexOf('/') >= 0 || rawUser.indexOf('?') >= 0 || rawUser.indexOf('#') >= 0) {
                // No user name holds these: the last '@' is in the path or query, not after credentials.
                throw new IllegalArgumentException("the connection string has an '@' after its host; write it as "
                        + "%40 (the value is not repeated here because it may hold a password)");
            }
            user = decode(rawUser);
            userShown = SAFE_USER.matcher(rawUser).matches() ? rawUser : "****";
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String redacted = scheme + "://"
                + (userInfo == null ? "" : userShown + (password == null ? "" : ":****") + "@") + address.redacted();
        String jdbcUrl = jdbcPrefix + address.hosts + "/" + address.database
                + (address.query.isEmpty() ? "" : "?" + address.query);
        List<String> secrets = new ArrayList<>();
        if (password != null) {
            secrets.add(password);
            secrets.add(userInfo.substring(userInfo.indexOf(':') + 1));
        }
        secrets.addAll(passwordParameters(address.query));
        return new ConnectionString(kind, jdbcUrl, user, password, secrets, raw, redacted,
                address.target(kind));
    }

    /**
     * A JDBC URL: passed to the driver as written; credentials belong in its {@code user=} and {@code password=}
     * parameters. A {@code user:password@} part is refused (the drivers do not read it), and so is any other
     * {@code @}, which would make it impossible to tell where a password ends.
     */
    private static ConnectionString fromJdbc(SourceKind kind, String jdbcUrl, String scheme, String rest) {
        String withoutCredentials = USER_PARAM.matcher(PASSWORD_PARAM.matcher(rest).replaceAll("")).replaceAll("");
        if (withoutCredentials.indexOf('@') >= 0) {
            throw new IllegalArgumentException("a jdbc: URL takes its credentials as ?user=...&password=... "
                    + "parameters (an '@' elsewhere must be written %40); for user:password@host write "
                    + "postgres://user:password@host:5432/database or mysql://... instead (the value is not "
                    + "repeated here because it may hold a password)");
        }
        Address address = Address.of(rest, true);
        if (address == null) {
            throw new IllegalArgumentException("the connection string has no valid host[:port]; " + forms());
        }
        return new ConnectionString(kind, jdbcUrl, null, null, passwordParameters(address.query), jdbcUrl,
                scheme + "://" + address.redacted(), address.target(kind));
    }

    /** {@code hosts/database?query}, where hosts is a comma-separated list of host, host:port or [v6]:port. */
    private record Address(String hosts, String database, String query) {

        private static final String HOST = "(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+])(?::[0-9]+)?";
        private static final Pattern HOSTS = Pattern.compile(HOST + "(?:," + HOST + ")*");

        /** {@code null} when the part after the credentials does not start with a host list. */
        static Address of(String s, boolean hostOptional) {
            int q = s.indexOf('?');
            String beforeQuery = q < 0 ? s : s.substring(0, q);
            int slash = beforeQuery.indexOf('/');
            String hosts = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
            if (!(hostOptional && hosts.isEmpty()) && !HOSTS.matcher(hosts).matches()) {
                return null;
            }
            return new Address(hosts, slash < 0 ? "" : beforeQuery.substring(slash + 1),
                    q < 0 ? "" : s.substring(q + 1));
        }

        String redacted() {
            return hosts + (database.isEmpty() ? "" : "/" + database)
                    + (query.isEmpty() ? "" : "?" + PASSWORD_PARAM.matcher(query).replaceAll("$1****"));
        }

        String target(SourceKind kind) {
            return ConnectionString.target(hosts, database, kind);
        }
    }

    /** A URL's {@code password=} values: never sent separately, only remembered so they can be scrubbed. */
    private static List<String> passwordParameters(String query) {
        List<String> out = new ArrayList<>();
        Matcher m = PASSWORD_PARAM.matcher(query);
        while (m.find()) {
            String v = m.group(2);
            if (!v.isEmpty()) {
                out.add(v);
                out.add(decode(v));
            }
        }
        return out;
    }

    private static String target(String hosts, String database, SourceKind kind) {
        String h = hosts.isEmpty() ? "localhost" : hosts;
        if (h.indexOf(':') < 0 && h.indexOf(',') < 0) {
            h = h + ":" + kind.defaultPort();
        }
        return h + "/" + database;
    }

    /**
     * Percent-decodes as UTF-8, leaving a {@code %} that starts no valid escape as it is (an unencoded {@code %} in
     * a password is common), and a {@code +} as a plus.
     */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) >= 0 && hex(s.charAt(i + 2)) >= 0) {
                bytes.write(hex(s.charAt(i + 1)) * 16 + hex(s.charAt(i + 2)));
                i += 2;
            } else {
                int cp = s.codePointAt(i);
                bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
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

    /**
     * The connection string without its credentials ({@code postgres://kodo:****@db:5432/app}): fit for logs and
     * error messages. Built from the parsed parts, so no part of a password can slip through.
     */
    public String redacted() {
        return redacted;
    }

    /** Removes this connection's password (and any {@code password=} parameter) from {@code text}. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text.replace(raw, redacted);
        for (String secret : secrets) {
            out = out.replace(secret, "****");
        }
        return PASSWORD_PARAM.matcher(out).replaceAll("$1****");
    }

    @Override
    public String toString() {
        return redacted();
    }
}
