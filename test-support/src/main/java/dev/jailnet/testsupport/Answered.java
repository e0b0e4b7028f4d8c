package dev.jailnet.testsupport;

import io.restassured.response.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * A request's answer and when it arrived ({@link System#nanoTime}), for tests that a write waiting for its
 * effects ({@code Prefer: wait}) answers only after the event that brings them was sent.
 */
public record Answered(Response response, long atNanos) {

    /** Sends the request on another thread, so that the test can play the other services meanwhile. */
    public static CompletableFuture<Answered> async(Supplier<Response> request) {
        return CompletableFuture.supplyAsync(() -> {
            Response response = request.get();
            return new Answered(response, System.nanoTime());
        });
    }

    /**
     * A pause before the event is sent: none in the first round (the event may then be applied before the wait
     * starts), up to 150 ms in the others (it arrives while the request waits).
     */
    public static void pauseInRound(int round) {
        if (round == 0) {
            return;
        }
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(150));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
