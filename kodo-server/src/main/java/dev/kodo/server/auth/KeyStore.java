package dev.kodo.server.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The API keys, stored as SHA-256 hashes in {@code api_keys}. Lookups are cached for a few seconds, so a revoked
 * key stops working within {@link #CACHE_TTL} on every server instance.
 */
@Component
@DependsOnDatabaseInitialization
public class KeyStore {

    static final Duration CACHE_TTL = Duration.ofSeconds(10);

    /** A stored key, as {@code keys list} shows it: {@code id} is the start of its hash. */
    public record KeyInfo(String id, String project, String kind, String name, Instant createdAt) {
    }

    private record Cached(ApiKey key, Instant until) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public KeyStore(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** The project and kind of {@code key}, if it is a stored key. */
    public Optional<ApiKey> find(String key) {
        String hash = ApiKey.hash(key);
        Instant now = clock.instant();
        Cached cached = cache.get(hash);
        if (cached != null && cached.until().isAfter(now)) {
            return Optional.of(cached.key());
        }
        List<ApiKey> found = jdbc.query("SELECT project, kind FROM api_keys WHERE key_hash = ?",
                (rs, i) -> new ApiKey(rs.getString(1), ApiKey.Kind.of(rs.getString(2))), hash);
        if (found.isEmpty()) {
            cache.remove(hash);
            return Optional.empty();
        }
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(hash, new Cached(found.get(0), now.plus(CACHE_TTL)));
        return Optional.of(found.get(0));
    }

    /** Creates a key and returns it; only its hash is kept. */
    public String create(String project, ApiKey.Kind kind, String name) {
        String key = ApiKey.generate(kind);
        register(project, kind, ApiKey.hash(key), name);
        return key;
    }

    /** Stores a key by its hash; a hash already stored is left as it is. */
    public void register(String project, ApiKey.Kind kind, String hash, String name) {
        ApiKey.checkProject(project);
        jdbc.update("INSERT INTO api_keys (key_hash, project, kind, name, created_at) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (key_hash) DO NOTHING", hash, project, kind.wireName(), name, Timestamp.from(clock.instant()));
    }

    /**
     * When no key exists at all, creates an ingest key and a read key for {@code project} and returns them
     * (ingest first); else returns nothing. Of several server instances starting at once, one creates them.
     */
    public Optional<List<String>> createFirstKeys(String project) {
        return transactions.execute(status -> {
            jdbc.queryForObject("SELECT pg_advisory_xact_lock(7700)", Object.class);
            Long count = jdbc.queryForObject("SELECT count(*) FROM api_keys", Long.class);
            if (count != null && count > 0) {
                return Optional.empty();
            }
            return Optional.of(List.of(create(project, ApiKey.Kind.INGEST, "first start"),
                    create(project, ApiKey.Kind.READ, "first start")));
        });
    }

    public List<KeyInfo> list() {
        return jdbc.query("SELECT key_hash, project, kind, name, created_at FROM api_keys ORDER BY project, created_at",
                (rs, i) -> new KeyInfo(rs.getString(1).substring(0, 12), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant()));
    }

    /**
     * Deletes the key whose hash starts with {@code id} (as {@code keys list} shows it).
     *
     * @return how many keys were deleted: 0 when none matches; an id matching several deletes none
     */
    public int revoke(String id) {
        if (id == null || !id.matches("[0-9a-f]{8,64}")) {
            throw new IllegalArgumentException("the key id is the start of its hash as keys list shows it, "
                    + "at least 8 hex characters (was \"" + id + "\")");
        }
        Integer matches = jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE key_hash LIKE ?", Integer.class, id + "%");
        if (matches == null || matches != 1) {
            return 0;
        }
        cache.clear();
        return jdbc.update("DELETE FROM api_keys WHERE key_hash LIKE ?", id + "%");
    }
}
