package dev.kodo.collector;

import dev.kodo.collector.KodoCli.Context;
import dev.kodo.collector.config.CollectorConfig;
import dev.kodo.collector.source.SourceException;
import dev.kodo.collector.state.StateException;
import dev.kodo.collector.state.StateStore;
import dev.kodo.core.Kodo;
import dev.kodo.core.export.Backoff;
import dev.kodo.core.export.IngestClient;
import dev.kodo.core.export.ReporterSettings;
import dev.kodo.core.run.Resource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kodo collect}: read the tables of kodo.yaml and ship their runs. */
@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {
            "Reads the tables declared in kodo.yaml and ships normalized run summaries to Kodo, each run exactly "
                + "once. Without --once it watches: a pass every poll_interval until SIGTERM or SIGINT, which let "
                + "the batch in hand be delivered and its position saved before exiting with 0.",
            "",
            "kodo.yaml:",
            "  processes:",
            "    - name: webhook-delivery",
            "      source: postgres",
            "      connection: $${DATABASE_URL}   # resolved locally, never shipped or logged",
            "      table: webhook_deliveries",
            "      id: id",
            "      status: status",
            "      status_map: { delivered: ok, failed: failed, pending: running }",
            "      started_at: created_at",
            "      completed_at: updated_at",
            "",
            "The API key comes from api_key: in kodo.yaml or KODO_API_KEY; the server from endpoint: or KODO_ENDPOINT "
                + "(default http://localhost:7700)."
        })
final class CollectCommand implements Callable<Integer> {

    /** How long {@code --once} retries the server before giving up (exit 5). */
    static final Duration ONCE_GIVE_UP_AFTER = ReporterSettings.DEFAULT_MAX_RETRY_TIME;
    static final Backoff DATABASE_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

    private final Context context;

    @Mixin
    ConfigOptions files;

    @Option(names = "--once", description = "one pass, then exit (e.g. from cron)")
    boolean once;

    @Option(names = "--dry-run", description = "one pass that prints the runs it would ship (one JSON object a "
            + "line on standard output) and ships and saves nothing; needs no API key")
    boolean dryRun;

    @Option(names = "--reset", paramLabel = "PROCESS", description = "read PROCESS's table again from the "
            + "beginning (after its mapping changed); repeatable. Runs sent again are counted once.")
    List<String> reset = List.of();

    @Option(names = {"-v", "--verbose"}, description = "more detail")
    boolean verbose;

    CollectCommand(Context context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        Log log = new Log(context.err(), verbose);
        CollectorConfig cfg = files.load(context, log);
        if (cfg == null) {
            return ExitCodes.CONFIG;
        }
        Path statePath = files.statePath();
        RunDestination destination;
        if (dryRun) {
            destination = new PrintDestination(context.out());
        } else {
            if (cfg.apiKey() == null) {
                log.error("no API key: set api_key in " + files.config + " (e.g. api_key: ${KODO_API_KEY}) or the "
                        + "KODO_API_KEY environment variable; `kodo collect --dry-run` needs none");
                return ExitCodes.CONFIG;
            }
            String sender = "kodo-collector/" + Kodo.VERSION;
            IngestClient client = IngestClient.create(ReporterSettings.defaults(cfg.endpoint(), cfg.apiKey()), sender);
            // Heartbeat interval 0: the collector sends none, so the server never declares table runs lost.
            Resource resource = Resource.forThisProcess(cfg.service(), cfg.environment(), sender, 0);
            destination = new ServerDestination(client, resource, Backoff.standard(),
                    once ? ONCE_GIVE_UP_AFTER : null, context.stopper(), log);
        }
        try (StateStore store = StateStore.open(statePath, !dryRun);
             Collector collector = new Collector(cfg, store, destination, new LinkedHashSet<>(reset),
                     context.stopper(), log)) {
            if (!dryRun) {
                log.info("collecting " + cfg.processes().size() + " process(es) from " + files.config + " to "
                        + cfg.endpoint() + (once ? " (one pass)" : " every " + cfg.pollInterval().toMillis()
                        + " ms") + "; state in " + statePath);
            }
            if (once || dryRun) {
                return onePass(collector, log);
            }
            collector.watch(DATABASE_BACKOFF);
            log.info("stopped; position saved in " + statePath);
            return ExitCodes.OK;
        } catch (StateException e) {
            log.error(e.getMessage());
            return ExitCodes.CONFIG;
        } catch (SourceException e) {
            log.error(e.getMessage());
            return ExitCodes.DATABASE;
        } catch (DeliveryException e) {
            log.error(e.getMessage());
            return e.kind() == DeliveryException.Kind.STOPPED ? ExitCodes.OK : ExitCodes.SERVER;
        }
    }

    private static int onePass(Collector collector, Log log) throws DeliveryException, StateException {
        PassSummary summary = collector.pass();
        for (Map.Entry<String, SourceException> e : summary.failures().entrySet()) {
            log.error(e.getValue().getMessage());
        }
        log.info(summary.line());
        return summary.failures().isEmpty() ? ExitCodes.OK : ExitCodes.DATABASE;
    }
}
