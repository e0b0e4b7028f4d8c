package dev.jailnet.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jailnet.console.messaging.EventFeed;
import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.events.vnet.VnetShutdownStarted;
import dev.jailnet.testsupport.AccessResource;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.KafkaResource;
import dev.jailnet.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * The page's live updates: a record published on a topic the console reads reaches a listening page as a
 * small notice, over server-sent events, with the token in a header.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(AccessResource.class)
class EventStreamTest {

    private static final Pattern JID = Pattern.compile("\"jid\":(\\d+)");

    @TestHTTPResource("/api/events")
    URI events;

    @Inject
    EventFeed feed;

    @Test
    void aListenerIsToldOfEachRecordPublishedAfterItConnected() throws Exception {
        awaitReady();
        try (Page page = Page.open(events)) {
            assertThat(page.next()).as("the first notice").contains("\"type\":\"ConsoleConnected\"");
            UUID saga = UUID.randomUUID();
            KafkaProbe.produce(KafkaResource.bootstrapServers(), Topics.VNET_EVENTS, Envelope.of(
                    new VnetShutdownStarted("vnet42", 7, saga.toString(), "jail_remove"), saga, null));
            assertThat(page.next()).contains("\"type\":\"VnetShutdownStarted\"", "\"vnetId\":\"vnet42\"",
                    "\"jid\":7", "\"topic\":\"" + Topics.VNET_EVENTS + "\"", "\"sagaId\":\"" + saga + "\"");
            KafkaProbe.produce(KafkaResource.bootstrapServers(), Topics.SAGA_REPLIES, "vnet42",
                    ("{\"type\":\"SagaReply\",\"payload\":{\"vnetId\":\"vnet42\",\"step\":\"" + SagaStep.RIB_FLUSH
                            + "\"}}").getBytes());
            assertThat(page.next()).as("a record read leniently").contains("\"type\":\"SagaReply\"",
                    "\"step\":\"RIB_FLUSH\"", "\"vnetId\":\"vnet42\"");
        }
    }

    /** With no page listening the feed drops records undecoded; a page that comes later hears what follows. */
    @Test
    void aPageThatLeavesStopsBeingCountedAndOneThatComesLaterHearsWhatFollows() throws Exception {
        awaitReady();
        try (Page page = Page.open(events)) {
            assertThat(page.next()).contains("\"type\":\"ConsoleConnected\"");
            assertThat(feed.listeners()).isPositive();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> feed.listeners() == 0);
        UUID unheard = UUID.randomUUID();
        KafkaProbe.produce(KafkaResource.bootstrapServers(), Topics.VNET_EVENTS, Envelope.of(
                new VnetShutdownStarted("vnet43", 8, unheard.toString(), "jail_remove"), unheard, null));
        try (Page later = Page.open(events)) {
            assertThat(later.next()).contains("\"type\":\"ConsoleConnected\"");
            assertThat(feed.listeners()).isEqualTo(1);
            UUID heard = UUID.randomUUID();
            KafkaProbe.produce(KafkaResource.bootstrapServers(), Topics.VNET_EVENTS, Envelope.of(
                    new VnetShutdownStarted("vnet44", 9, heard.toString(), "jail_remove"), heard, null));
            String notice = later.next();
            assertThat(notice).contains("\"vnetId\":\"vnet44\"").doesNotContain("vnet43");
        }
    }

    /**
     * While no page listens the feed holds its partitions paused; a page that comes is told {@code ConsoleConnected}
     * only once the feed follows them again, so it hears every record sent after that, whichever partition it is
     * on: one sent the moment it is told, and those sent all the while, across the topic's partitions, as pages come
     * and go many times.
     */
    @Test
    void aPageThatComesWhileTheFeedIsPausedHearsEveryRecordSentAfterItWasConnected() throws Exception {
        awaitReady();
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean sending = new AtomicBoolean(true);
        // one producer for the sender and the markers (it is thread-safe): a marker leaves the moment it is sent
        KafkaProducer<String, byte[]> producer = KafkaProbe.producer(KafkaResource.bootstrapServers());
        CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
            while (sending.get()) {
                int n = sent.incrementAndGet();
                send(producer, new VnetShutdownStarted("feed-" + n % 7, n, UUID.randomUUID().toString(),
                        "jail_remove"));
            }
        });
        try {
            for (int round = 0; round < 12; round++) {
                await().atMost(Duration.ofSeconds(60)).until(() -> feed.listeners() == 0 && !feed.following());
                try (Page page = Page.open(events)) {
                    assertThat(page.next()).contains("\"type\":\"ConsoleConnected\"");
                    assertThat(feed.following()).isTrue();
                    int connected = sent.get();
                    // and one sent the moment the page is told, as the page's own change would be
                    String marker = "feed-marker-" + round;
                    send(producer, new VnetShutdownStarted(marker, 0, UUID.randomUUID().toString(), "jail_remove"));
                    List<Integer> after = IntStream.rangeClosed(connected + 1, connected + 10).boxed().toList();
                    Set<Integer> heard = new HashSet<>();
                    boolean markerHeard = false;
                    int latest = 0;
                    // records of one partition come in order: 200 records on, one not heard is missed
                    while (!(markerHeard && heard.containsAll(after)) && latest < connected + 200) {
                        String notice = page.next();
                        markerHeard |= notice.contains("\"vnetId\":\"" + marker + "\"");
                        int n = jid(notice);
                        heard.add(n);
                        latest = Math.max(latest, n);
                    }
                    assertThat(markerHeard).as("round %d: the record sent as the page was told", round).isTrue();
                    assertThat(heard).as("round %d: the records sent after ConsoleConnected (after %d)", round,
                            connected).containsAll(after);
                }
            }
        } finally {
            sending.set(false);
            try {
                sender.get(30, TimeUnit.SECONDS);
            } finally {
                producer.close();
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, VnetShutdownStarted event) {
        Envelope envelope = Envelope.of(event, UUID.randomUUID(), null);
        try {
            producer.send(new ProducerRecord<>(Topics.VNET_EVENTS, envelope.key(), EventCodec.encode(envelope))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot send " + envelope.type(), e);
        }
    }

    private static void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().auth().none().get("/q/health/ready")
                .then().statusCode(200));
    }

    private static int jid(String notice) {
        Matcher jid = JID.matcher(notice);
        assertThat(jid.find()).as("a jid in %s", notice).isTrue();
        return Integer.parseInt(jid.group(1));
    }

    /** A page listening to the stream, as a viewer: the data lines it has received, in order. */
    private record Page(HttpResponse<Stream<String>> response, BlockingQueue<String> data,
                        CompletableFuture<Void> reading) implements AutoCloseable {

        static Page open(URI events) throws Exception {
            BlockingQueue<String> data = new LinkedBlockingQueue<>();
            HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(events)
                    .header("Authorization", "Bearer " + Tokens.viewer()).header("Accept", "text/event-stream")
                    .build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            return new Page(response, data, CompletableFuture.runAsync(() -> response.body()
                    .filter(line -> line.startsWith("data:")).forEach(data::add)));
        }

        String next() throws InterruptedException {
            return EventStreamTest.next(data);
        }

        @Override
        public void close() {
            reading.cancel(true);
            response.body().close();
        }
    }

    /** The next notice that is not a heartbeat, within 30 s: heartbeats keep coming, and do not extend the wait. */
    private static String next(BlockingQueue<String> data) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String line = data.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertThat(line).as("a notice within 30 s").isNotNull();
            if (!line.contains("\"Heartbeat\"")) {
                return line;
            }
        }
    }
}
