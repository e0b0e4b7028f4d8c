package dev.jailnet.jail.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code jls} a page at a time: the body an array, the next page linked (RFC 8288), nothing lost or seen twice. */
@QuarkusTest
@ServiceTest
class JailPagesTest {

    private static final Pattern NEXT = Pattern.compile("<([^>]*)>; rel=\"next\"");

    @Test
    void everyJailIsListedOncePageAfterPageFollowingTheNextLinks() {
        List<Integer> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(given().contentType(ContentType.JSON).body("{\"name\":\"" + JailResourceTest.unique("paged") + "\"}")
                    .post("/api/jails").then().statusCode(201).extract().path("jid"));
        }
        List<Integer> listed = new ArrayList<>();
        String next = "/api/jails?limit=3";
        int pages = 0;
        while (next != null) {
            ExtractableResponse<Response> page = given().urlEncodingEnabled(false).get(next).then().statusCode(200)
                    .extract();
            List<Integer> jids = page.path("jid");
            assertThat(jids).hasSizeLessThanOrEqualTo(3);
            listed.addAll(jids);
            pages++;
            String link = page.header("Link");
            Matcher target = link == null ? null : NEXT.matcher(link);
            next = target != null && target.find() ? target.group(1) : null;
        }
        assertThat(listed).doesNotHaveDuplicates().isSorted().containsAll(created);
        assertThat(pages).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aCursorThatIsNoneAndALimitOutOfRangeAreRefusedNamingTheParameter() {
        given().get("/api/jails?cursor=web").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("cursor"));
        given().get("/api/jails?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        given().get("/api/jails?limit=10001").then().statusCode(400).body("field", equalTo("limit"));
    }
}
