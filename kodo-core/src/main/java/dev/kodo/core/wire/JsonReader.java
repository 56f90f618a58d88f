package dev.kodo.core.wire;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal strict JSON parser (RFC 8259) producing {@link Map}, {@link List}, {@link String},
 * {@link BigDecimal}, {@link Boolean} and {@code null}. Errors name the line and column.
 */
final class JsonReader {

    /** Deeper nesting than any valid batch needs; guards the stack against hostile input. */
    private static final int MAX_DEPTH = 64;
    /** Longer numbers than any valid batch needs. */
    private static final int MAX_NUMBER_LENGTH = 64;
    /** Exponents far beyond any duration or count in a batch. */
    private static final int MAX_NUMBER_SCALE = 64;

    private final String in;
    private int pos;
    private int depth;

    private JsonReader(String in) {
        this.in = in;
    }

    static Object parse(String json) {
        JsonReader reader = new JsonReader(json);
        reader.skipWhitespace();
        Object value = reader.value();
        reader.skipWhitespace();
        if (reader.pos != json.length()) {
            throw reader.error("unexpected content after the JSON value");
        }
        return value;
    }

    private Object value() {
        if (pos >= in.length()) {
            throw error("unexpected end of input");
        }
        char c = in.charAt(pos);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': literal("true"); return Boolean.TRUE;
            case 'f': literal("false"); return Boolean.FALSE;
            case 'n': literal("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw error("unexpected character '" + c + "'");
        }
    }

    private Map<String, Object> object() {
        enter();
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return map;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a quoted member name");
            }
            String name = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            map.put(name, value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return map;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}'");
            }
        }
    }

    private List<Object> array() {
        enter();
        pos++;
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return list;
        }
        while (true) {
            skipWhitespace();
            list.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return list;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']'");
            }
        }
    }

    private String string() {
        pos++;
        StringBuilder sb = null;
        int runStart = pos;
        while (true) {
            if (pos >= in.length()) {
                throw error("unterminated string");
            }
            char c = in.charAt(pos);
            if (c == '"') {
                String result = sb == null ? in.substring(runStart, pos) : sb.append(in, runStart, pos).toString();
                pos++;
                return result;
            }
            if (c < 0x20) {
                throw error("control character in string");
            }
            if (c == '\\') {
                if (sb == null) {
                    sb = new StringBuilder();
                }
                sb.append(in, runStart, pos);
                pos++;
                sb.append(escape());
                runStart = pos;
            } else {
                pos++;
            }
        }
    }

    private char escape() {
        if (pos >= in.length()) {
            throw error("unterminated escape");
        }
        char c = in.charAt(pos++);
        switch (c) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            case 'u':
                if (pos + 4 > in.length()) {
                    throw error("short unicode escape");
                }
                int code = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = Character.digit(in.charAt(pos++), 16);
                    if (digit < 0) {
                        throw error("bad unicode escape");
                    }
                    code = code * 16 + digit;
                }
                return (char) code;
            default:
                pos--;
                throw error("bad escape '\\" + c + "'");
        }
    }

    private BigDecimal number() {
        int start = pos;
        BigDecimal value = numberToken(start);
        // A number such as 1e500000000 is cheap to send and very expensive to scale; no valid batch has one.
        if (pos - start > MAX_NUMBER_LENGTH || Math.abs(value.scale()) > MAX_NUMBER_SCALE) {
            pos = start;
            throw error("number out of range");
        }
        return value;
    }

    private BigDecimal numberToken(int start) {
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("bad number");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("bad number: digits expected after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("bad number: digits expected in exponent");
            }
            digits();
        }
        try {
            return new BigDecimal(in.substring(start, pos));
        } catch (NumberFormatException e) {
            pos = start;
            throw error("number out of range");
        }
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private void literal(String word) {
        if (!in.startsWith(word, pos)) {
            throw error("unexpected token");
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        return pos < in.length() ? in.charAt(pos) : '\0';
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private void skipWhitespace() {
        while (pos < in.length()) {
            char c = in.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private WireFormatException error(String message) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < pos && i < in.length(); i++) {
            if (in.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new WireFormatException("malformed JSON at line " + line + ", column " + column + ": " + message);
    }
}
