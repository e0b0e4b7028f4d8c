package dev.jailnet.console.upstream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the console reads the services' answers: leniently, as the services read events. A service may add a
 * field tomorrow, or leave out one the console does not draw; neither may break the page. (The REST layer's own
 * mapper is strict, for request bodies: see problem-details' StrictJson.)
 */
final class LenientJson {

    private LenientJson() {
    }

    static ObjectMapper of(ObjectMapper strict) {
        return strict.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
