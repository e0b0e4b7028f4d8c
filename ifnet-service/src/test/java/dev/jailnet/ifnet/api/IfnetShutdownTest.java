package dev.jailnet.ifnet.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.VnetIds;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.IfnetDeparture.Fate;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NhopCreated;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.events.route.TunnelRouteResolved;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.ifnet.domain.ReferenceService;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.Together;
import dev.jailnet.testsupport.TopicWatchingTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The interface layer's part of {@code vnet_shutdown} where it meets other VNETs: loans that must be able to go
 * home, interfaces destroyed in another VNET while something there still refers to them, and a VNET whose
 * nexthops held a hundred thousand references. The test plays vnet-service and routing-service over Kafka.
 */
@QuarkusTest
@ServiceTest
class IfnetShutdownTest extends TopicWatchingTest {

    private static final AtomicInteger NHOPS = new AtomicInteger(700_000);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ReferenceService references;

    IfnetShutdownTest() {
        super(Topics.SAGA_REPLIES, Topics.IFNET_EVENTS);
    }

    @Test
    void aStepThatKeepsFailingUnexpectedlyIsAnsweredWithARefusalNotLeftUnanswered() throws Exception {
        String vnet = "vnet-boom-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = dataSource.getConnection(); java.sql.Statement sql = connection.createStatement()) {
            // a failure nobody foresaw: the database refuses this VNET's loopback
            sql.execute("create or replace function refuse_boom() returns trigger language plpgsql as $$"
                    + " begin raise exception 'boom: % refused', new.vnet; end $$");
            sql.execute("create trigger refuse_boom before insert on ifnet for each row when (new.vnet = '" + vnet
                    + "') execute function refuse_boom()");
        }
        try {
            SagaReply reply = step(UUID.randomUUID(), vnet, SagaStep.LOIF_INIT, List.of());

            assertThat(reply.success()).isFalse();
            assertThat(reply.reason()).startsWith("failed unexpectedly: ").contains("boom: " + vnet + " refused");
        } finally {
            try (Connection connection = dataSource.getConnection();
                 java.sql.Statement sql = connection.createStatement()) {
                sql.execute("drop trigger refuse_boom on ifnet");
            }
        }
        assertThat(KafkaProbe.readUntil(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(2),
                seen -> seen.stream().anyMatch(r -> vnet.equals(r.key())))).noneMatch(r -> vnet.equals(r.key()));
    }

    @Test
    void aHomeKeepsTheNameOfItsLoanedOutInterfaceSoThatTheLoanCanAlwaysComeHome() {
        String other = vnet();
        String home = vnet(other);
        String borrower = vnet(home);
        create(home, "epair");
        move(home, "epair0b", borrower).statusCode(200);
        create(other, "epair");

        move(other, "epair0b", home).statusCode(409).contentType("application/problem+json")
                .body("field", equalTo("name"))
                .body("detail", equalTo("the name epair0b is kept in " + home + " for its own epair0b, loaned to "
                        + borrower + " (EEXIST)"));

        UUID saga = UUID.randomUUID();
        assertThat(step(saga, borrower, SagaStep.FREEZE, List.of()).success()).isTrue();
        SagaReply detached = step(saga, borrower, SagaStep.IFNET_DETACH,
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, borrower, 0)));
        assertThat(detached.success()).as(detached.reason()).isTrue();
        assertThat(detached.released()).containsEntry("returned", 1);
        // the loan goes home (a move) and lo0 is freed outright: neither departure waits for routing's answer
        await().atMost(WAIT).untilAsserted(() -> assertThat(watcher.all(IfnetDeparture.class,
                        d -> d.vnetId().equals(borrower))).extracting(IfnetDeparture::name, IfnetDeparture::fate)
                .containsExactlyInAnyOrder(tuple("epair0b", Fate.VMOVE), tuple("lo0", Fate.FREED)));
        given().get("/api/vnets/" + home + "/interfaces/epair0b").then().statusCode(200).body("vnet", equalTo(home));
        given().get("/api/vnets/" + other + "/interfaces/epair0b").then().statusCode(200).body("vnet", equalTo(other));
    }

    @Test
    void detachWaitsUntilItsInterfaceDestroyedInAnotherVnetIsNoLongerReferencedThere() {
        String home = vnet();
        String borrower = vnet(home);
        long nhop = NHOPS.incrementAndGet();
        int loaned = loanedAndHeld(home, borrower, nhop);

        UUID saga = UUID.randomUUID();
        step(saga, home, SagaStep.FREEZE, List.of());
        SagaReply first = step(saga, home, SagaStep.IFNET_DETACH,
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, home, 0)));

        assertThat(first.success()).as("epair0b, destroyed in " + borrower + ", is still held there").isFalse();
        assertThat(first.reason()).contains("epair0b, destroyed in " + borrower + ") is still held by nhop:" + borrower
                + "/" + nhop);
        route(new IfnetDetached(borrower, loaned, "epair0b"));
        route(new NhopFreed(borrower, nhop, loaned));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/vnets/" + borrower + "/interfaces?tombstones=true")
                .then().body("name", equalTo(List.of("lo0"))));

        SagaReply again = step(saga, home, SagaStep.IFNET_DETACH, 2,
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, home, 0)));
        assertThat(again.success()).as(again.reason()).isTrue();
        given().get("/api/vnets/" + home + "/interfaces").then().statusCode(404);
    }

    @Test
    void aTombstoneHeldOnlyByTheNexthopsOfAVnetShuttingDownIsFreedByTheirReleaseAndItsHomeThenDetaches() throws Exception {
        String home = vnet();
        String borrower = vnet(home);
        int loaned = loanedAndHeld(home, borrower, NHOPS.incrementAndGet());
        UUID homeSaga = UUID.randomUUID();
        step(homeSaga, home, SagaStep.FREEZE, List.of());
        assertThat(step(homeSaga, home, SagaStep.IFNET_DETACH,
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, home, 0))).success()).isFalse();
        route(new IfnetDetached(borrower, loaned, "epair0b"));
        // an event after it on the same partition, seen applied: the detach of the tombstone was applied first
        int lo0 = given().get("/api/vnets/" + borrower + "/interfaces/lo0").then().extract().path("index");
        route(new NhopCreated(borrower, NHOPS.incrementAndGet(), lo0, "lo0", null));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/vnets/" + borrower + "/interfaces/lo0").then()
                .body("refcount", equalTo(1)));

        UUID borrowerSaga = UUID.randomUUID();
        step(borrowerSaga, borrower, SagaStep.FREEZE, List.of());
        SagaReply released = step(borrowerSaga, borrower, SagaStep.IFNET_DETACH,
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, borrower, 2)));

        assertThat(released.success()).as(released.reason()).isTrue();
        assertThat(Together.count(dataSource, "select count(*) from ifnet where if_index = " + loaned))
                .as("the tombstone is freed by the release of its last reference").isZero();
        SagaReply again = step(homeSaga, home, SagaStep.IFNET_DETACH, 2,
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, home, 0)));
        assertThat(again.success()).as(again.reason()).isTrue();
    }

    @Test
    void aTunnelDeletedWhileRoutingsAnswersForItAreAppliedIsServedNeverRefused() {
        String vnet = vnet();
        for (int round = 0; round < 15; round++) {
            String name = "gif" + round;
            int index = given().contentType(ContentType.JSON).body("{\"cloner\":\"gif\",\"name\":\"" + name + "\"}")
                    .post("/api/vnets/" + vnet + "/interfaces").then().statusCode(201).extract().path("index");
            given().contentType(ContentType.JSON)
                    .body("{\"source\":\"10.0.0.2\",\"destination\":\"198.51.100." + (round + 1) + "\"}")
                    .put("/api/vnets/" + vnet + "/interfaces/" + name + "/tunnel").then().statusCode(200);
            long generation = ((TunnelResolve) watcher.expect(TunnelResolve.class, t -> t.ifIndex() == index, WAIT)
                    .payload()).generation();
            for (int answer = 0; answer < 20; answer++) {
                route(new TunnelRouteResolved(vnet, index, generation, true, 17L + answer % 2, "epair0b", "10.0.0.1"));
            }

            int deleted = given().delete("/api/vnets/" + vnet + "/interfaces/" + name + "/tunnel").then().extract()
                    .statusCode();

            assertThat(deleted).as("round %d: the handling of routing's answers is no other client's change", round)
                    .isEqualTo(204);
        }
    }

    @Test
    void aHundredThousandNexthopReferencesAreReleasedAtOnceByTheSummaryRoutingPassesOn() throws Exception {
        String vnet = vnet();
        int index = create(vnet, "epair").extract().path("index");
        int released = 100_000;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement refs = connection.prepareStatement("""
                     insert into ifnet_ref (if_index, holder, holder_vnet, taken_at)
                     select ?, 'nhop:' || ? || '/' || g, ?, now() from generate_series(1, ?) g""")) {
            refs.setInt(1, index);
            refs.setString(2, vnet);
            refs.setString(3, vnet);
            refs.setInt(4, released);
            assertThat(refs.executeUpdate()).isEqualTo(released);
        }
        long late = NHOPS.incrementAndGet();

        UUID saga = UUID.randomUUID();
        step(saga, vnet, SagaStep.FREEZE, List.of());
        SagaReply detached = step(saga, vnet, SagaStep.IFNET_DETACH,
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, vnet, released)));

        assertThat(detached.success()).as(detached.reason()).isTrue();
        assertThat(detached.released()).containsEntry("interfaceRefs", released).containsEntry("destroyed", 3);
        // an announcement of one of the VNET's nexthops that crossed the saga's command takes no reference, and is
        // no fault either (its interface is gone, but so is every reference of the VNET's nexthops)
        references.nhopCreated(vnet, late, index);
        given().get("/api/audit").then().statusCode(200)
                .body("faults.findAll { it.contains('" + vnet + "') }", equalTo(List.of()))
                .body("heldBy.findAll { it.holder.startsWith('nhop:" + vnet + "/') }", equalTo(List.of()));
    }

    private String vnet() {
        return vnet(VnetIds.VNET0);
    }

    /** A VNET made from {@code parent} (its jail's parent's): an interface is loaned only down the tree. */
    private String vnet(String parent) {
        String vnet = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        SagaReply made = sagaStep(Topics.IFNET_COMMANDS, UUID.randomUUID(), new SagaCommand(vnet, SagaStep.LOIF_INIT, 1,
                List.of(), List.of(), parent));
        assertThat(made.success()).isTrue();
        return vnet;
    }

    private SagaReply step(UUID saga, String vnet, SagaStep step, List<ReleasedReferences> releases) {
        return step(saga, vnet, step, 1, releases);
    }

    private SagaReply step(UUID saga, String vnet, SagaStep step, int attempt, List<ReleasedReferences> releases) {
        return sagaStep(Topics.IFNET_COMMANDS, saga, new SagaCommand(vnet, step, attempt, List.of(), releases));
    }

    private static io.restassured.response.ValidatableResponse create(String vnet, String cloner) {
        return given().contentType(ContentType.JSON).body("{\"cloner\":\"" + cloner + "\"}")
                .post("/api/vnets/" + vnet + "/interfaces").then().statusCode(201);
    }

    private static io.restassured.response.ValidatableResponse move(String from, String name, String to) {
        return given().contentType(ContentType.JSON).body("{\"vnet\":\"" + to + "\"}")
                .post("/api/vnets/" + from + "/interfaces/" + name + "/vnet").then();
    }

    /** {@code home}'s epair0b, loaned to {@code borrower} and held there by its nexthop {@code nhop}: its index. */
    private int loanedAndHeld(String home, String borrower, long nhop) {
        create(home, "epair");
        int loaned = move(home, "epair0b", borrower).statusCode(200).extract().path("index");
        route(new NhopCreated(borrower, nhop, loaned, "epair0b", null));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/vnets/" + borrower + "/interfaces/epair0b").then()
                .body("refcount", equalTo(1)));
        return loaned;
    }

    private void route(Message message) {
        KafkaProbe.produce(bootstrap, Topics.ROUTE_EVENTS, Envelope.of(message));
    }
}
