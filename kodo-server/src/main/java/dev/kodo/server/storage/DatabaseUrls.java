package dev.kodo.server.storage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** Reads the database URLs people paste: JDBC ({@code jdbc:postgresql://...}) or libpq ({@code postgresql://user:pw@host/db}). */
public final class DatabaseUrls {

    private DatabaseUrls() {
    }

    /** A JDBC URL, with the user and password taken out of a libpq URL ({@code null} when the URL has none). */
    public record Jdbc(String url, String user, String password) {
    }

    /**
     * @throws IllegalArgumentException when {@code url} is neither form, with the forms it accepts
     */
    public static Jdbc toJdbc(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new Jdbc(trimmed, null, null);
        }
        if (!trimmed.startsWith("postgresql://") && !trimmed.startsWith("postgres://")) {
            throw new IllegalArgumentException("KODO_DATABASE_URL: \"" + withoutPassword(trimmed) + "\" is not a "
                    + "PostgreSQL URL; use jdbc:postgresql://host:5432/kodo?user=kodo&password=secret or "
                    + "postgresql://kodo:secret@host:5432/kodo");
        }
        try {
            URI uri = new URI(trimmed);
            String user = null;
            String password = null;
            if (uri.getRawUserInfo() != null) {
                String[] parts = uri.getRawUserInfo().split(":", 2);
                user = decode(parts[0]);
                password = parts.length > 1 ? decode(parts[1]) : null;
            }
            String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new Jdbc("jdbc:postgresql://" + hostPort + path + query, user, password);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("KODO_DATABASE_URL: not a valid URL (" + e.getReason() + " at index "
                    + e.getIndex() + ")", e);
        }
    }

    /** The URL with any password replaced by {@code ***}, for logs. */
    public static String withoutPassword(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1***").replaceAll("(://[^:/@]+:)[^@/]*@", "$1***@");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
