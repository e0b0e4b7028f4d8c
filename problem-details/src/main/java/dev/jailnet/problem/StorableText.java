package dev.jailnet.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import java.io.IOException;

/**
 * Text a request may carry: anything but U+0000 (NUL), which PostgreSQL's text refuses. Without this check such a
 * value reaches a statement and fails there, a 500 for what is the client's error. No name, address or cursor of
 * the API holds it; a free text (a hold's description) has no use for it. Body strings are read with this
 * deserializer (see StrictJson); path and query values are checked by StrictParams.
 */
public final class StorableText extends StringDeserializer {

    static final String REFUSAL = "must not contain the NUL character (U+0000)";

    static boolean isStorable(String value) {
        return value == null || value.indexOf('\0') < 0;
    }

    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        String value = super.deserialize(parser, context);
        if (!isStorable(value)) {
            throw JsonMappingException.from(parser, REFUSAL);
        }
        return value;
    }
}
