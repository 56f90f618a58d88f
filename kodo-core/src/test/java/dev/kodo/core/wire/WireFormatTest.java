package dev.kodo.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kodo.core.run.ErrorInfo;
import dev.kodo.core.run.Resource;
import dev.kodo.core.run.Run;
import dev.kodo.core.run.RunStatus;
import dev.kodo.core.run.Step;
import dev.kodo.core.run.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Resource RESOURCE =
            new Resource("checkout", "test", "host-1", "instance-1", "kodo-java/test", 30_000);
    private static final Instant START = Instant.parse("2026-12-04T15:42:33.123456789Z");

    static Run failedRun() {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("order.id", "A-42");
        attributes.put("note", "quote \" backslash \\ newline \n tab \t unicode \u2028 é ☃ \u0001");
        List<Step> steps = List.of(
                new Step("charge_card", StepStatus.OK, START.plusMillis(1), 12_345_678, null, null),
                new Step("reserve_inventory", StepStatus.FAILED, START.plusMillis(20), 3_000_000, null,
                        new ErrorInfo("com.example.OutOfStock", "sku 7 is gone")),
                new Step("lookup", StepStatus.FAILED, START.plusMillis(21), 1_000, "reserve_inventory", null));
        return new Run("4bf92f3577b34da6a3ce929d0e0e4736", "checkout-fulfillment", RunStatus.FAILED, START,
                START.plusNanos(812_500_000), "reserve_inventory",
                new ErrorInfo("com.example.OutOfStock", "sku 7 is gone"), steps, attributes, "sdk",
                "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", Duration.ofMinutes(10));
    }

    @Test
    void encodedBatchIsJsonThatAStandardParserReadsFieldByField() throws Exception {
        String json = WireFormat.encode(new RunBatch(RESOURCE, List.of(failedRun()), List.of("abc")));

        JsonNode root = JSON.readTree(json);
        assertThat(root.path("resource").path("service").asText()).isEqualTo("checkout");
        assertThat(root.path("resource").path("environment").asText()).isEqualTo("test");
        assertThat(root.path("resource").path("instance").asText()).isEqualTo("instance-1");
        assertThat(root.path("resource").path("heartbeatIntervalMs").asLong()).isEqualTo(30_000);
        assertThat(root.path("inflight").get(0).asText()).isEqualTo("abc");
        JsonNode run = root.path("runs").get(0);
        assertThat(run.path("id").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(run.path("status").asText()).isEqualTo("failed");
        assertThat(run.path("startedAt").asText()).isEqualTo("2026-12-04T15:42:33.123456Z");
        assertThat(run.path("endedAt").asText()).isEqualTo("2026-12-04T15:42:33.935956Z");
        assertThat(run.path("durationMs").decimalValue()).isEqualByComparingTo("812.5");
        assertThat(run.path("failedStep").asText()).isEqualTo("reserve_inventory");
        assertThat(run.path("error").path("type").asText()).isEqualTo("com.example.OutOfStock");
        assertThat(run.path("steps")).hasSize(3);
        assertThat(run.path("steps").get(0).path("durationMs").decimalValue()).isEqualByComparingTo("12.345");
        assertThat(run.path("steps").get(1).path("error").path("message").asText()).isEqualTo("sku 7 is gone");
        assertThat(run.path("steps").get(2).path("parent").asText()).isEqualTo("reserve_inventory");
        assertThat(run.path("steps").get(2).has("error")).isFalse();
        assertThat(run.path("attributes").path("note").asText())
                .isEqualTo("quote \" backslash \\ newline \n tab \t unicode \u2028 é ☃ \u0001");
        assertThat(run.path("stuckAfterMs").asLong()).isEqualTo(600_000);
        assertThat(run.path("traceId").asText()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
    }

    @Test
    void runningRunHasNoEndOrDuration() throws Exception {
        Run running = new Run("r1", "w", RunStatus.RUNNING, START, null, null, null, List.of(), Map.of(), null,
                null, null, null);
        JsonNode run = JSON.readTree(WireFormat.encode(running));
        assertThat(run.path("status").asText()).isEqualTo("running");
        assertThat(run.has("endedAt")).isFalse();
        assertThat(run.has("durationMs")).isFalse();
        assertThat(run.path("source").asText()).isEqualTo("sdk");
    }

    @Test
    void decodeReadsBackWhatEncodeWrote() {
        Run original = failedRun();
        DecodedBatch decoded = WireFormat.decode(WireFormat.encode(RunBatch.of(RESOURCE, List.of(original))));

        assertThat(decoded.rejects()).isEmpty();
        assertThat(decoded.batch().resource()).isEqualTo(RESOURCE);
        assertThat(decoded.batch().inflight()).isNull();
        Run back = decoded.batch().runs().get(0);
        // The wire keeps microseconds.
        assertThat(back.startedAt()).isEqualTo(Instant.parse("2026-12-04T15:42:33.123456Z"));
        assertThat(back).usingRecursiveComparison().ignoringFields("startedAt", "endedAt", "steps")
                .isEqualTo(original);
        assertThat(back.steps()).extracting(Step::name, Step::status, Step::parent, Step::error)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("charge_card", StepStatus.OK, null, null),
                        org.assertj.core.groups.Tuple.tuple("reserve_inventory", StepStatus.FAILED, null,
                                new ErrorInfo("com.example.OutOfStock", "sku 7 is gone")),
                        org.assertj.core.groups.Tuple.tuple("lookup", StepStatus.FAILED, "reserve_inventory", null));
        assertThat(back.steps().get(0).durationNanos()).isEqualTo(12_345_000);
    }

    @Test
    void aBadRunIsRejectedWithItsFieldPathWhileTheOthersAreKept() {
        String json = "{\"resource\":{\"service\":\"s\",\"instance\":\"i\"},\"runs\":["
                + "{\"id\":\"good\",\"workflow\":\"w\",\"status\":\"ok\",\"startedAt\":\"2026-12-04T10:00:00Z\","
                + "\"durationMs\":5},"
                + "{\"id\":\"bad\",\"workflow\":\"w\",\"status\":\"done\",\"startedAt\":\"2026-12-04T10:00:00Z\"},"
                + "{\"id\":\"bad-step\",\"workflow\":\"w\",\"status\":\"ok\",\"startedAt\":\"2026-12-04T10:00:00Z\","
                + "\"endedAt\":\"2026-12-04T10:00:01Z\",\"steps\":[{\"name\":\"a\",\"status\":\"ok\","
                + "\"startedAt\":\"2026-12-04T10:00:00Z\",\"durationMs\":-1}]},"
                + "{\"workflow\":\"w\"}"
                + "]}";

        DecodedBatch decoded = WireFormat.decode(json);

        assertThat(decoded.batch().runs()).extracting(Run::id).containsExactly("good");
        assertThat(decoded.batch().runs().get(0).endedAt()).isEqualTo(Instant.parse("2026-12-04T10:00:00.005Z"));
        assertThat(decoded.rejects()).extracting(RunReject::index, RunReject::id, RunReject::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, "bad", "runs[1].status"),
                        org.assertj.core.groups.Tuple.tuple(2, "bad-step", "runs[2].steps[0].durationMs"),
                        org.assertj.core.groups.Tuple.tuple(3, null, "runs[3].id"));
        assertThat(decoded.rejects().get(0).message()).contains("running, ok, failed").contains("done");
    }

    @Test
    void terminalRunWithoutEndIsRejected() {
        String json = "{\"resource\":{\"instance\":\"i\"},\"runs\":[{\"id\":\"r\",\"workflow\":\"w\","
                + "\"status\":\"failed\",\"startedAt\":\"2026-12-04T10:00:00Z\"}]}";
        assertThat(WireFormat.decode(json).rejects()).singleElement()
                .satisfies(r -> assertThat(r.field()).isEqualTo("runs[0].endedAt"));
    }

    @Test
    void malformedBodiesSayWhatAndWhere() {
        assertThatThrownBy(() -> WireFormat.decode("{\"resource\": {\"instance\": \"i\"},\n \"runs\": [}"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> WireFormat.decode("[]"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("resource");
        assertThatThrownBy(() -> WireFormat.decode("{\"resource\":{\"service\":\"s\"},\"runs\":[]}"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("resource.instance");
        assertThatThrownBy(() -> WireFormat.decode("{\"resource\":{\"instance\":\"i\"}}"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("runs");
        assertThatThrownBy(() -> WireFormat.decode("{\"resource\":{\"instance\":\"i\"},\"runs\":[]} x"))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> WireFormat.decode("[".repeat(100)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("nested deeper");
    }

    @Test
    void hostileNumbersAreRefusedCheaplyAsMalformed() {
        for (String number : new String[] {"1e500000000", "1e99999999999", "1" + "0".repeat(100)}) {
            String json = "{\"resource\":{\"instance\":\"i\"},\"runs\":[{\"id\":\"r\",\"workflow\":\"w\","
                    + "\"status\":\"ok\",\"startedAt\":\"2026-12-04T10:00:00Z\",\"durationMs\":" + number + "}]}";
            assertThatThrownBy(() -> WireFormat.decode(json)).as(number)
                    .isInstanceOf(WireFormatException.class).hasMessageContaining("number out of range");
        }
    }

    @Test
    void outOfRangeTimesAndDurationsRejectOnlyTheirRun() {
        String run = "{\"id\":\"%s\",\"workflow\":\"w\",\"status\":\"ok\",\"startedAt\":\"%s\",\"durationMs\":%s}";
        String json = "{\"resource\":{\"instance\":\"i\"},\"runs\":["
                + String.format(run, "good", "2026-12-04T10:00:00Z", "5") + ","
                + String.format(run, "year-0", "0000-01-01T00:00:00Z", "5") + ","
                + String.format(run, "year-10000", "+10000-01-01T00:00:00Z", "5") + ","
                + String.format(run, "centuries", "2026-12-04T10:00:00Z", "9000000000000") + "]}";

        DecodedBatch decoded = WireFormat.decode(json);

        assertThat(decoded.batch().runs()).extracting(Run::id).containsExactly("good");
        assertThat(decoded.rejects()).extracting(RunReject::id, RunReject::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple("year-0", "runs[1].startedAt"),
                org.assertj.core.groups.Tuple.tuple("year-10000", "runs[2].startedAt"),
                org.assertj.core.groups.Tuple.tuple("centuries", "runs[3].durationMs"));
        assertThat(decoded.rejects().get(0).message()).contains("between 1970 and 9999");
        assertThat(decoded.rejects().get(2).message()).contains("at most ten years");
    }

    @Test
    void theFirstAndLastMomentsOfTheAcceptedYearsAreAccepted() {
        String json = "{\"resource\":{\"instance\":\"i\"},\"runs\":[{\"id\":\"r\",\"workflow\":\"w\","
                + "\"status\":\"ok\",\"startedAt\":\"1970-01-01T00:00:00Z\","
                + "\"endedAt\":\"1970-01-01T00:00:01Z\"},{\"id\":\"s\",\"workflow\":\"w\",\"status\":\"running\","
                + "\"startedAt\":\"9999-12-31T23:59:59.999999Z\"}]}";
        assertThat(WireFormat.decode(json).rejects()).isEmpty();
    }

    @Test
    void timestampsWithOffsetsAreReadAsUtc() {
        String json = "{\"resource\":{\"instance\":\"i\"},\"runs\":[{\"id\":\"r\",\"workflow\":\"w\","
                + "\"status\":\"running\",\"startedAt\":\"2026-12-04T11:00:00+01:00\"}]}";
        assertThat(WireFormat.decode(json).batch().runs().get(0).startedAt())
                .isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    }

    @Test
    void ingestResponseRoundTrips() throws Exception {
        IngestResponse response = new IngestResponse(3, List.of(new RunReject(1, "x", "runs[1].status", "bad")));
        String json = WireFormat.encode(response);
        assertThat(JSON.readTree(json).path("rejected").get(0).path("field").asText()).isEqualTo("runs[1].status");
        assertThat(WireFormat.decodeResponse(json)).isEqualTo(response);
        assertThat(WireFormat.decodeErrorMessage(WireFormat.encodeError("runs: required", "runs")))
                .isEqualTo("runs: required");
    }

    @Test
    void theFullExampleInTheWireFormatDocumentIsAValidBatch() throws Exception {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("../docs/wire-format.md"));
        int start = doc.indexOf("```json\n") + "```json\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));

        DecodedBatch decoded = WireFormat.decode(example);

        assertThat(decoded.rejects()).isEmpty();
        assertThat(decoded.batch().resource().service()).isEqualTo("checkout-service");
        assertThat(decoded.batch().inflight()).containsExactly("9c1d0e7a5b3f4e2d8a6c4b2e0f1a3c5d");
        Run failed = decoded.batch().runs().get(0);
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);
        assertThat(failed.failedStep()).isEqualTo("lookup_stock");
        assertThat(failed.steps()).extracting(Step::name)
                .containsExactly("charge_card", "reserve_inventory", "lookup_stock");
        assertThat(failed.step("lookup_stock").parent()).isEqualTo("reserve_inventory");
        assertThat(failed.stuckAfter()).isEqualTo(Duration.ofMinutes(10));
        assertThat(decoded.batch().runs().get(1).status()).isEqualTo(RunStatus.RUNNING);
    }
}
