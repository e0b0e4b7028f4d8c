package dev.jailnet.messaging;

import dev.jailnet.problem.Rejected;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The kernel's boot-time network tunables ({@code loader.conf}): one system, one value, read by every service that
 * needs it, so that routing and the interfaces never disagree on them.
 */
@ConfigMapping(prefix = "jailnet.net")
public interface NetTunables {

    /** {@code net.fibs}: routing tables per address family in every VNET; a tunnel's {@code tunnelfib} is below it. */
    @WithDefault("1")
    int fibs();

    /** The fib, when it exists; else 400 naming {@code fib}, as the kernel answers EINVAL. */
    default int existingFib(int fib) {
        if (fib < 0 || fib >= fibs()) {
            throw Rejected.invalid("fib", "fib " + fib + " does not exist (net.fibs=" + fibs() + ")");
        }
        return fib;
    }
}
