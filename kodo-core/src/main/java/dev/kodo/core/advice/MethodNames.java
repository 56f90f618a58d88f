package dev.kodo.core.advice;

import java.util.Locale;

/**
 * Readable default names from method names: workflows in kebab case ({@code fulfillCheckout} becomes
 * {@code fulfill-checkout}), steps in snake case ({@code chargeCard} becomes {@code charge_card}), acronyms kept
 * together ({@code sendHTTPRequest} becomes {@code send_http_request}).
 */
public final class MethodNames {

    private MethodNames() {
    }

    /** {@code fulfillCheckout} → {@code fulfill-checkout}. */
    public static String workflowName(String methodName) {
        return words(methodName, '-');
    }

    /** {@code chargeCard} → {@code charge_card}. */
    public static String stepName(String methodName) {
        return words(methodName, '_');
    }

    static String words(String name, char separator) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' || c == '-' || c == '$') {
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != separator) {
                    sb.append(separator);
                }
                continue;
            }
            if (Character.isUpperCase(c) && i > 0) {
                char prev = name.charAt(i - 1);
                boolean nextIsLower = i + 1 < name.length() && Character.isLowerCase(name.charAt(i + 1));
                // A word starts at an upper-case letter after a lower-case letter or digit ("chargeCard"), or at
                // the last capital of an acronym that is followed by a lower-case letter ("HTTPRequest").
                if (Character.isLowerCase(prev) || Character.isDigit(prev)
                        || (Character.isUpperCase(prev) && nextIsLower)) {
                    if (sb.length() > 0 && sb.charAt(sb.length() - 1) != separator) {
                        sb.append(separator);
                    }
                }
            }
            sb.append(Character.toLowerCase(c));
        }
        int end = sb.length();
        while (end > 0 && sb.charAt(end - 1) == separator) {
            end--;
        }
        return sb.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
