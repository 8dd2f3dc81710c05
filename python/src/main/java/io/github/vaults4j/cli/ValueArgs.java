package io.github.vaults4j.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.github.vaults4j.tools.JsonValues;
import java.io.IOException;

/**
 * Turns a key or value typed on the command line into a Python value: plain text is a str; JSON
 * ({@code --key-json '[1, 2]'}) or a Python literal ({@code --key-py '(1, 2)'}) gives any other type.
 */
final class ValueArgs {
    private static final JsonFactory JSON = new JsonFactory();

    private ValueArgs() {
    }

    /**
     * @param what  {@code key} or {@code value}, for messages
     * @throws IllegalArgumentException when not exactly one form is given, or the given one does not parse
     */
    static Object parse(String what, String plain, String json, String python) {
        int given = (plain != null ? 1 : 0) + (json != null ? 1 : 0) + (python != null ? 1 : 0);
        if (given != 1) {
            throw new IllegalArgumentException(given == 0
                    ? "a " + what + " is needed: " + what.toUpperCase() + ", --" + what + "-json or --" + what + "-py"
                    : "give the " + what + " once: as " + what.toUpperCase() + ", --" + what + "-json or --" + what + "-py");
        }
        if (plain != null) {
            return plain;
        }
        return json != null ? json(what, json) : PythonLiteral.parse(python);
    }

    private static Object json(String what, String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new IllegalArgumentException("--" + what + "-json is empty");
            }
            Object value = JsonValues.read(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("--" + what + "-json has text after its value: " + text);
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("--" + what + "-json is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("--" + what + "-json cannot be read: " + e.getMessage());
        }
    }
}
