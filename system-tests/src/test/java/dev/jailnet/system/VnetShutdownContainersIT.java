package dev.jailnet.system;

import dev.jailnet.system.containers.JailnetContainers;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link VnetShutdownIT} against the system in Docker containers (skipped where there is no Docker engine). */
@ExtendWith(JailnetContainers.class)
class VnetShutdownContainersIT extends VnetShutdownIT {
}
