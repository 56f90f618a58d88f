package dev.kodo.quarkus.deployment;

import dev.kodo.quarkus.runtime.devui.KodoJsonRpcService;
import io.quarkus.deployment.IsDevelopment;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.devui.spi.JsonRPCProvidersBuildItem;
import io.quarkus.devui.spi.page.CardPageBuildItem;
import io.quarkus.devui.spi.page.Page;

/** The Dev UI card: per workflow, completion rate, p95, recent failures and runs in flight. Dev mode only. */
class KodoDevUiProcessor {

    @BuildStep(onlyIf = IsDevelopment.class)
    CardPageBuildItem card() {
        CardPageBuildItem card = new CardPageBuildItem();
        card.addPage(Page.webComponentPageBuilder()
                .title("Workflows")
                .icon("font-awesome-solid:diagram-project")
                .componentLink("qwc-kodo-workflows.js")
                .dynamicLabelJsonRPCMethodName("getWorkflowCount"));
        return card;
    }

    @BuildStep(onlyIf = IsDevelopment.class)
    JsonRPCProvidersBuildItem jsonRpc() {
        return new JsonRPCProvidersBuildItem(KodoJsonRpcService.class);
    }
}
