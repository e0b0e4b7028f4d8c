package dev.jailnet.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A request a service must refuse: with RFC 9457 problem details that name the field and say why, no stack
 * trace, and nothing changed. A service's bad-input test lists its cases and sends each with {@link #isRefused}.
 *
 * @param field  the field the answer names; null when the request as a whole is wrong
 * @param detail a part of the answer's detail; null when any detail will do
 */
public record BadRequest(String method, String path, String body, int status, String field, String detail) {

    public static BadRequest post(String path, String body, int status, String field, String detail) {
        return new BadRequest("POST", path, body, status, field, detail);
    }

    public static BadRequest put(String path, String body, int status, String field, String detail) {
        return new BadRequest("PUT", path, body, status, field, detail);
    }

    public static BadRequest get(String path, int status, String field, String detail) {
        return new BadRequest("GET", path, null, status, field, detail);
    }

    public static BadRequest delete(String path, int status, String field, String detail) {
        return new BadRequest("DELETE", path, null, status, field, detail);
    }

    /**
     * Sends the request (its path with the placeholders {@code paths} fills in) and checks the answer, and that
     * {@code state} (what the service shows of everything the request could change) reads the same after it.
     */
    public void isRefused(UnaryOperator<String> paths, Supplier<?> state) {
        Object before = state.get();
        RequestSpecification request = given().contentType(ContentType.JSON);
        if (body != null) {
            request.body(body);
        }
        ValidatableResponse response = request.request(method, paths.apply(path)).then().statusCode(status)
                .contentType("application/problem+json").body("status", equalTo(status)).body("title", notNullValue())
                .body("field", field == null ? nullValue() : equalTo(field))
                .body("trace", nullValue()).body("stackTrace", nullValue());
        if (detail != null) {
            response.body("detail", containsString(detail));
        }
        assertThat("what " + this + " could change", state.get(), equalTo(before));
    }

    public void isRefused(Supplier<?> state) {
        isRefused(UnaryOperator.identity(), state);
    }

    /** The request as a test's name shows it: long values cut, a NUL escaped (a test report cannot hold it). */
    @Override
    public String toString() {
        String shown = body == null ? "" : body.length() <= 120 ? " " + body
                : " " + body.substring(0, 60) + "... (" + body.length() + " characters)";
        String where = path.length() <= 120 ? path : path.substring(0, 60) + "... (" + path.length() + " characters)";
        return (method + " " + where + shown + " -> " + status).replace("\0", "\\u0000");
    }
}
