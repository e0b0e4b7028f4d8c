package dev.jailnet.system;

import dev.jailnet.system.containers.JailnetContainers;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link VnetJailCreationIT} against the system in Docker containers (skipped where there is no Docker engine). */
// first on its system (see pom.xml), so that creation is measured on a fresh system
@Order(1)
@ExtendWith(JailnetContainers.class)
class VnetJailCreationContainersIT extends VnetJailCreationIT {
}
