package dev.jailnet.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Free TCP ports on the loopback address. */
public final class Ports {

    /** Below the kernel's ephemeral range, so no outgoing connection takes a port between choice and bind. */
    private static final int LOWEST = 10_000;
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private Ports() {
    }

    public static int free() {
        return free(1)[0];
    }

    /**
     * {@code count} free ports, all different: each is held until all are found. They are chosen below the
     * ephemeral range where there is one: a port the kernel hands out as its own (bind to 0) can be taken by
     * any client's outgoing connection before the service that was given it binds it.
     */
    public static int[] free(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            int ceiling = ephemeralStart();
            for (int i = 0; i < count; i++) {
                ServerSocket socket = ceiling > LOWEST + 1000 ? probe(ceiling) : new ServerSocket(0);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free ports", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing a probe socket: nothing to do
                }
            }
        }
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static ServerSocket probe(int ceiling) throws IOException {
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, ceiling);
            try {
                return new ServerSocket(port);
            } catch (IOException taken) {
                // in use: try another
            }
        }
        return new ServerSocket(0);
    }

    /** Read by lines: {@code Files.readString} gets only the first byte of this procfs file. */
    private static int ephemeralStart() {
        try {
            return Integer.parseInt(Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
