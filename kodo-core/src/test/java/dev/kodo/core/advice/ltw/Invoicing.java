package dev.kodo.core.advice.ltw;

import dev.kodo.core.annotation.KodoStep;
import dev.kodo.core.annotation.KodoWorkflow;

/** A plain class, no framework: AspectJ weaves it at load time (see META-INF/aop.xml in the test resources). */
public class Invoicing {

    @KodoWorkflow("nightly-invoicing")
    public int runNightly(int accounts) {
        int sent = 0;
        for (int i = 0; i < accounts; i++) {
            sent += send(i);
        }
        return sent;
    }

    // Self-invoked and private: only weaving, not a proxy, can see this call.
    @KodoStep("send_invoice")
    private int send(int account) {
        if (account < 0) {
            throw new IllegalArgumentException("no such account");
        }
        return 1;
    }
}
