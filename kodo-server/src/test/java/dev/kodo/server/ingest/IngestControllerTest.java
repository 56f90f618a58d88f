package dev.kodo.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kodo.server.KodoServerProperties;
import dev.kodo.server.storage.RunStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

class IngestControllerTest {

    @Test
    void aRequestNoKeyWasCheckedForGets401AndNothingReachesTheDatabase() throws Exception {
        // No DataSource at all: storing anything would fail with a NullPointerException, not answer 401.
        IngestController controller = new IngestController(new RunStore(null, Clock.systemUTC()), new KodoServerProperties());
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/runs");
        request.setContent("{\"resource\": {\"instance\": \"i\"}, \"runs\": []}".getBytes(StandardCharsets.UTF_8));

        ResponseEntity<String> answer = controller.ingest(request);

        assertThat(answer.getStatusCode().value()).isEqualTo(401);
        assertThat(answer.getBody()).contains("missing API key");
    }
}
