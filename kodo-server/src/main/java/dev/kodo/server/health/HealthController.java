package dev.kodo.server.health;

import dev.kodo.core.wire.WireFormat;
import dev.kodo.server.auth.ApiKey;
import dev.kodo.server.auth.ApiKeyFilter;
import dev.kodo.server.health.HealthViews.KeyView;
import dev.kodo.server.health.HealthViews.Overview;
import dev.kodo.server.health.HealthViews.RunDetail;
import dev.kodo.server.health.HealthViews.RunPage;
import dev.kodo.server.health.HealthViews.WorkflowDetail;
import java.sql.SQLException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The Process Health API (read key). Windows: {@code ?window=1h|24h|7d} (default 24h) or {@code ?from=&to=}.
 *
 * <pre>
 * GET /api/v1/health                                     every workflow
 * GET /api/v1/workflows/{workflow}                       one workflow: series and steps
 * GET /api/v1/workflows/{workflow}/runs?state=failed     failed|lost (in the window), stuck|running (now); limit, offset
 * GET /api/v1/runs/{id}                                  one run and its steps as a timeline
 * GET /api/v1/me                                         the key's project
 * </pre>
 */
@RestController
public class HealthController {

    private static final Logger log = LoggerFactory.getLogger(HealthController.class);

    private final HealthService health;
    private final Clock clock;

    public HealthController(HealthService health, Clock clock) {
        this.health = health;
        this.clock = clock;
    }

    @GetMapping("/api/v1/health")
    public Overview overview(@RequestAttribute(ApiKeyFilter.PROJECT) String project,
                             @RequestParam(required = false) String window,
                             @RequestParam(required = false) String from,
                             @RequestParam(required = false) String to) throws SQLException {
        return health.overview(project, Window.of(window, from, to, clock.instant()));
    }

    @GetMapping("/api/v1/workflows/{workflow}")
    public ResponseEntity<?> workflow(@RequestAttribute(ApiKeyFilter.PROJECT) String project,
                                      @PathVariable String workflow,
                                      @RequestParam(required = false) String window,
                                      @RequestParam(required = false) String from,
                                      @RequestParam(required = false) String to) throws SQLException {
        return health.workflow(project, workflow, Window.of(window, from, to, clock.instant()))
                .<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound("no runs of workflow \"" + workflow + "\" in this project"));
    }

    @GetMapping("/api/v1/workflows/{workflow}/runs")
    public RunPage runs(@RequestAttribute(ApiKeyFilter.PROJECT) String project,
                        @PathVariable String workflow,
                        @RequestParam(defaultValue = "failed") String state,
                        @RequestParam(required = false) String window,
                        @RequestParam(required = false) String from,
                        @RequestParam(required = false) String to,
                        @RequestParam(defaultValue = "0") int offset,
                        @RequestParam(defaultValue = "50") int limit) throws SQLException {
        return health.runs(project, workflow, state, Window.of(window, from, to, clock.instant()), offset, limit);
    }

    @GetMapping("/api/v1/runs/{id}")
    public ResponseEntity<?> run(@RequestAttribute(ApiKeyFilter.PROJECT) String project, @PathVariable String id)
            throws SQLException {
        return health.run(project, id).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> notFound("no run with id \"" + id + "\" in this project"));
    }

    @GetMapping("/api/v1/me")
    public KeyView me(@RequestAttribute(ApiKeyFilter.KEY) ApiKey key) {
        return new KeyView(key.project(), key.kind().wireName());
    }

    @ExceptionHandler(BadRequestException.class)
    ResponseEntity<String> badRequest(BadRequestException e) {
        return json(HttpStatus.BAD_REQUEST, WireFormat.encodeError(e.getMessage(), e.field()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<String> badParameter(MethodArgumentTypeMismatchException e) {
        return json(HttpStatus.BAD_REQUEST, WireFormat.encodeError(e.getName() + ": must be a number (was \""
                + e.getValue() + "\")", e.getName()));
    }

    @ExceptionHandler({SQLException.class, DataAccessException.class})
    ResponseEntity<String> databaseDown(Exception e) {
        log.warn("Process Health query failed: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .contentType(MediaType.APPLICATION_JSON)
                .body(WireFormat.encodeError("the database did not answer; retry shortly", null));
    }

    private static ResponseEntity<?> notFound(String message) {
        return json(HttpStatus.NOT_FOUND, WireFormat.encodeError(message, null));
    }

    private static ResponseEntity<String> json(HttpStatus status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
