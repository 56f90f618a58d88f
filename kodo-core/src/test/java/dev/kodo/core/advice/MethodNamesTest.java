package dev.kodo.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodNamesTest {

    @Test
    void workflowNamesAreKebabCase() {
        assertThat(MethodNames.workflowName("fulfillCheckout")).isEqualTo("fulfill-checkout");
        assertThat(MethodNames.workflowName("run")).isEqualTo("run");
        assertThat(MethodNames.workflowName("deliverWebhookV2")).isEqualTo("deliver-webhook-v2");
    }

    @Test
    void stepNamesAreSnakeCaseAndKeepAcronymsTogether() {
        assertThat(MethodNames.stepName("chargeCard")).isEqualTo("charge_card");
        assertThat(MethodNames.stepName("sendHTTPRequest")).isEqualTo("send_http_request");
        assertThat(MethodNames.stepName("parseURL")).isEqualTo("parse_url");
        assertThat(MethodNames.stepName("already_snake")).isEqualTo("already_snake");
        assertThat(MethodNames.stepName("step2Retry")).isEqualTo("step2_retry");
    }
}
