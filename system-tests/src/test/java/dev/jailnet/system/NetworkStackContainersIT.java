package dev.jailnet.system;

import dev.jailnet.system.containers.JailnetContainers;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link NetworkStackIT} against the system in Docker containers (skipped where there is no Docker engine). */
@ExtendWith(JailnetContainers.class)
class NetworkStackContainersIT extends NetworkStackIT {
}
