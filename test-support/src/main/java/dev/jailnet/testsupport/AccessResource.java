package dev.jailnet.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** {@code @QuarkusTest} resource: the service trusts the test JVM's token key (see {@link Tokens}). */
public class AccessResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("mp.jwt.verify.publickey.location", Tokens.keys().verifyKey().toUri().toString());
    }

    @Override
    public void stop() {
        // the keys live as long as the test JVM
    }
}
