package dev.kodo.core.wire;

/**
 * A minimal streaming JSON writer: just what the wire format needs, so that kodo-core stays free of
 * dependencies. Callers are responsible for well-formed nesting; commas are inserted automatically.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out;
    /** True right after an opening bracket or a name, where no comma may follow. */
    private boolean first = true;

    JsonWriter(StringBuilder out) {
        this.out = out;
    }

    JsonWriter beginObject() {
        separate();
        out.append('{');
        first = true;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        first = false;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        first = true;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        first = false;
        return this;
    }

    JsonWriter name(String name) {
        separate();
        string(name);
        out.append(':');
        first = true;
        return this;
    }

    JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        first = false;
        return this;
    }

    JsonWriter value(long value) {
        separate();
        out.append(value);
        first = false;
        return this;
    }

    /** Writes a millisecond quantity given in nanoseconds as a decimal with microsecond precision. */
    JsonWriter millis(long nanos) {
        separate();
        long micros = nanos / 1_000;
        if (micros < 0) {
            out.append('-');
            micros = -micros;
        }
        out.append(micros / 1_000);
        long fraction = micros % 1_000;
        if (fraction != 0) {
            out.append('.');
            if (fraction < 100) {
                out.append('0');
            }
            if (fraction < 10) {
                out.append('0');
            }
            // Trailing zeros carry no information.
            while (fraction % 10 == 0) {
                fraction /= 10;
            }
            out.append(fraction);
        }
        first = false;
        return this;
    }

    /** Writes a name and a string value, skipping both when the value is {@code null}. */
    JsonWriter optional(String name, String value) {
        if (value != null) {
            name(name).value(value);
        }
        return this;
    }

    private void separate() {
        if (!first) {
            out.append(',');
        }
    }

    private void string(String s) {
        out.append('"');
        int len = s.length();
        int runStart = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && c != '\u2028' && c != '\u2029') {
                continue;
            }
            out.append(s, runStart, i);
            runStart = i + 1;
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                case '\b': out.append("\\b"); break;
                case '\f': out.append("\\f"); break;
                default:
                    out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, runStart, len);
        out.append('"');
    }
}
