package dev.kodo.samples.webhooks;

import dev.kodo.core.annotation.KodoStep;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs delivery bodies so subscribers can tell them from forgeries. */
@ApplicationScoped
public class PayloadSigner {

    private final SecretKeySpec key;

    public PayloadSigner(WebhooksConfig config) {
        this.key = new SecretKeySpec(config.signingSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** {@code sha256=<hex HMAC of body>}, sent as {@code X-Webhook-Signature}. */
    @KodoStep("sign_payload")
    public String sign(String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable on this JVM", e);
        }
    }

    /** Whether {@code signature} is what {@link #sign} gives for {@code body}. */
    public boolean verify(String body, String signature) {
        return signature != null && java.security.MessageDigest.isEqual(
                sign(body).getBytes(StandardCharsets.UTF_8), signature.getBytes(StandardCharsets.UTF_8));
    }
}
