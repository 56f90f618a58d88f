package dev.kodo.server.auth;

import dev.kodo.core.wire.WireFormat;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Lets a request to {@code /api/**} through only with a key of the right kind: an ingest key for
 * {@code POST /api/v1/runs}, a read key for everything else. Its registration maps it to {@code /api/*}, which the
 * servlet container matches on the normalized path, the one Spring MVC maps too; the filter itself checks every
 * request it is given. The key's project is put in the request attribute
 * {@link #PROJECT}, and every query is scoped to it, so a key of project A never sees project B. Anything else
 * gets {@code 401} with a message that says what to send.
 */
public class ApiKeyFilter extends OncePerRequestFilter {

    /** Request attribute holding the project of the request's key. */
    public static final String PROJECT = "dev.kodo.server.project";
    /** Request attribute holding the {@link ApiKey} of the request. */
    public static final String KEY = "dev.kodo.server.key";

    private final KeyStore keys;

    public ApiKeyFilter(KeyStore keys) {
        this.keys = keys;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean ingest = "POST".equals(request.getMethod()) && WireFormat.INGEST_PATH.equals(path(request));
        ApiKey.Kind needed = ingest ? ApiKey.Kind.INGEST : ApiKey.Kind.READ;
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
            reject(response, "missing API key: send the header \"Authorization: Bearer <" + needed.wireName()
                    + " key>\"; create one with: java -jar kodo-server.jar keys create --project <project> --kind "
                    + needed.wireName());
            return;
        }
        Optional<ApiKey> key = keys.find(header.substring(7).trim());
        if (key.isEmpty()) {
            reject(response, "unknown API key: check for a typo or a revoked key; "
                    + "list keys with: java -jar kodo-server.jar keys list");
            return;
        }
        if (key.get().kind() != needed) {
            reject(response, "this is " + (key.get().kind() == ApiKey.Kind.INGEST ? "an ingest" : "a read")
                    + " key; " + (ingest ? "sending runs needs an ingest key"
                    : "the dashboard and the Process Health API need a read key"));
            return;
        }
        request.setAttribute(PROJECT, key.get().project());
        request.setAttribute(KEY, key.get());
        chain.doFilter(request, response);
    }

    /**
     * The path the request maps to, as the servlet container matched it: decoded, normalized and without path
     * parameters, so {@code /api/v1/runs;x} is {@code /api/v1/runs} here as it is to Spring MVC. (The raw
     * {@code getRequestURI()} is not: comparing it let such paths skip the check.)
     */
    static String path(HttpServletRequest request) {
        return request.getPathInfo() == null ? request.getServletPath() : request.getServletPath() + request.getPathInfo();
    }

    private static void reject(HttpServletResponse response, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader("WWW-Authenticate", "Bearer realm=\"kodo\"");
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(WireFormat.encodeError(message, null));
    }
}
