package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.Topics;
import dev.jailnet.localstack.TopicWatcher;
import dev.jailnet.testsupport.Tokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser (Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver): the standard jail's references drawn, then taken apart on the page, step by step, as
 * {@code vnet_shutdown} runs, with the timeline of that saga completing below. Its own system, so that the page
 * shows this jail alone: the screenshots it saves are the ones in docs/ ({@code -Djailnet.console.screenshots=DIR}
 * writes them there; by default under target/). Skipped, saying why, where chromedriver is not installed.
 */
class ConsoleIT {

    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(40);
    private static final List<String> SHUTDOWN_STEPS = List.of("FREEZE", "TUNNEL_CACHE_RELEASE", "RIB_FLUSH",
            "IFNET_DETACH", "RTABLES_DESTROY");
    private static final List<String> CYCLE = List.of("tunnel_cache", "nh_ifp", "subscription", "route");
    /** What the page shows, read in one script: the caption's step, the legend's counts, the timelines' states. */
    private static final String DRAWN = """
            const panel = document.getElementById('graph-panel');
            const edges = {};
            document.querySelectorAll('#edge-counts li').forEach(li => edges[li.dataset.kind] = Number(li.dataset.count));
            const sagas = {};
            document.querySelectorAll('#timeline .saga').forEach(s => sagas[s.dataset.type] = s.dataset.status);
            return {step: panel.dataset.step || '', caption: document.getElementById('graph-state').textContent,
                    interfaces: Number(panel.dataset.interfaces || 0), ribs: Number(panel.dataset.ribs || 0),
                    edges: edges, sagas: sagas, faults: document.getElementById('faults').textContent,
                    shutdownStepsDone: document.querySelectorAll(
                        '#timeline .saga[data-type="VNET_SHUTDOWN"] g.step[data-status="DONE"]').length};
            """;

    private static LocalProcesses system;
    private static TopicWatcher jailEvents;
    private static Path profile;
    private static ChromeDriver browser;

    /** One reading of the page. */
    record Drawn(String step, String caption, int interfaces, int ribs, Map<String, Long> edges,
                 Map<String, String> sagas, String faults, long shutdownStepsDone) {

        @SuppressWarnings("unchecked")
        static Drawn of(Object read) {
            Map<String, Object> page = (Map<String, Object>) read;
            return new Drawn((String) page.get("step"), (String) page.get("caption"),
                    ((Number) page.get("interfaces")).intValue(), ((Number) page.get("ribs")).intValue(),
                    (Map<String, Long>) page.get("edges"), (Map<String, String>) page.get("sagas"),
                    (String) page.get("faults"), ((Number) page.get("shutdownStepsDone")).longValue());
        }

        long edges(String kind) {
            return edges.getOrDefault(kind, 0L);
        }

        /** The page as a person would compare two moments: the step, the counts, the states. */
        String shape() {
            return step + " " + edges + " if=" + interfaces + " ribs=" + ribs + " " + sagas;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            String why = CHROMEDRIVER + " or " + CHROMIUM + " is not installed (apt-get install chromium "
                    + "chromium-driver; .ci/run installs them)";
            // a skipped class's reason does not reach the build's console: say it there
            System.err.println("console browser test skipped: " + why);
            Assumptions.abort(why);
        }
        system = LocalProcesses.start(Files.createTempDirectory("jailnet-console"));
        jailEvents = new TopicWatcher(system.kafkaBootstrap(), Topics.JAIL_EVENTS);
        profile = Files.createTempDirectory("jailnet-console-chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--user-data-dir=" + profile, "--window-size=1600,2000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build(), options);
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (jailEvents != null) {
            jailEvents.close();
        }
        if (system != null) {
            system.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void removingTheStandardJailTakesItsReferencesApartOnThePageStepByStep() {
        StandardJail standard = system.standardJail(jailEvents);
        StandardJail.Built jail = standard.create("console");

        open();
        Drawn alive = awaitDrawn(d -> d.edges("tunnel_cache") == 1 && d.edges("subscription") == 1
                && d.edges("nh_ifp") >= 2 && d.edges("route") >= StandardJail.STATIC_ROUTES + 3 && d.interfaces() == 3
                && d.ribs() == 2, "the standard jail's graph");
        assertThat(alive.caption()).contains(jail.vnetId()).contains("ALIVE");
        save(By.id("graph-panel"), "console-graph.png");

        standard.remove(jail.jid());
        List<Drawn> seen = new ArrayList<>();
        long deadline = System.nanoTime() + WAIT.toNanos();
        Drawn now = alive;
        while (!(now.step().isEmpty() && "COMPLETED".equals(now.sagas().get("VNET_SHUTDOWN"))
                && now.caption().contains("DESTROYED"))) {
            assertThat(System.nanoTime()).as("the page to show the teardown done; it showed %s",
                    seen.stream().map(Drawn::shape).toList()).isLessThan(deadline);
            now = read();
            if (seen.isEmpty() || !seen.get(seen.size() - 1).shape().equals(now.shape())) {
                seen.add(now);
            }
            pause();
        }

        List<String> steps = seen.stream().map(Drawn::step).filter(SHUTDOWN_STEPS::contains).distinct().toList();
        assertThat(steps).as("the steps the page showed, in order").isEqualTo(SHUTDOWN_STEPS);
        for (String kind : CYCLE) {
            assertThat(seen.stream().mapToLong(d -> d.edges(kind)).toArray()).as("%s edges over time", kind)
                    .isSortedAccordingTo(Comparator.reverseOrder());
        }
        Drawn cachesReleased = shown(seen, "TUNNEL_CACHE_RELEASE");
        assertThat(cachesReleased.edges("tunnel_cache")).as("route caches after TUNNEL_CACHE_RELEASE").isZero();
        assertThat(cachesReleased.edges("subscription")).as("subscriptions after TUNNEL_CACHE_RELEASE").isZero();
        assertThat(cachesReleased.edges("nh_ifp")).as("nexthops' interface references before RIB_FLUSH")
                .isEqualTo(alive.edges("nh_ifp"));
        assertThat(cachesReleased.edges("route")).as("routes before RIB_FLUSH").isEqualTo(alive.edges("route"));
        Drawn flushed = shown(seen, "RIB_FLUSH");
        assertThat(flushed.edges("nh_ifp") + flushed.edges("route")).as("after RIB_FLUSH").isZero();
        assertThat(flushed.interfaces()).as("interfaces before IFNET_DETACH").isEqualTo(3);
        Drawn detached = shown(seen, "IFNET_DETACH");
        assertThat(detached.interfaces()).as("interfaces after IFNET_DETACH").isZero();
        assertThat(detached.ribs()).as("RIBs before RTABLES_DESTROY").isEqualTo(2);
        assertThat(shown(seen, "RTABLES_DESTROY").ribs()).as("RIBs after RTABLES_DESTROY").isZero();
        assertThat(now.shutdownStepsDone()).as("vnet_shutdown's steps done on the timeline")
                .isEqualTo(SHUTDOWN_STEPS.size());
        save(By.id("timeline-panel"), "console-timeline.png");
    }

    @Test
    void theLegacyTeardownsReferenceFaultsAreDrawnOnTheGraph() {
        StandardJail standard = system.standardJail(jailEvents);
        StandardJail.Built jail = standard.create("console-legacy", true);
        open();
        awaitDrawn(d -> d.caption().startsWith(jail.vnetId() + ": ALIVE") && d.edges("tunnel_cache") == 1,
                "the legacy jail's graph");

        standard.remove(jail.jid());
        Drawn faulted = awaitDrawn(d -> d.caption().contains("DESTROYED") && d.faults().contains("rib_unsubscribe")
                && d.faults().contains("still refer to it") && d.edges("fault") >= 2, "the reference faults drawn");
        assertThat(faulted.sagas()).as("no vnet_shutdown in legacy mode").doesNotContainKey("VNET_SHUTDOWN");
    }

    /** The page, given a viewer's token when it asks for one (the tab keeps it), and listening. */
    private static void open() {
        browser.get(system.system().console().url() + "/");
        if (browser.findElement(By.id("login")).isDisplayed()) {
            browser.findElement(By.id("token-input")).sendKeys(Tokens.viewer());
            browser.findElement(By.id("token-submit")).click();
        }
        new WebDriverWait(browser, WAIT).until(page -> "live".equals(
                page.findElement(By.id("live")).getDomAttribute("data-state")));
    }

    private static Drawn read() {
        return Drawn.of(browser.executeScript(DRAWN));
    }

    private static Drawn awaitDrawn(Predicate<Drawn> wanted, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Drawn drawn = read();
        while (!wanted.test(drawn)) {
            assertThat(System.nanoTime()).as("%s on the page; it showed %s", what, drawn.shape()).isLessThan(deadline);
            pause();
            drawn = read();
        }
        return drawn;
    }

    private static Drawn shown(List<Drawn> seen, String step) {
        return seen.stream().filter(d -> d.step().equals(step)).findFirst().orElseThrow();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void save(By element, String name) {
        Path directory = Path.of(System.getProperty("jailnet.console.screenshots", "target/console-screenshots"));
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve(name), browser.findElement(element).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
