package dev.jailnet.system;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link VnetJailCreationIT} against the system as local processes ({@code jailnet up}). */
// first on its system (see pom.xml), so that creation is measured on a fresh system
@Order(1)
@ExtendWith(JailnetSystem.class)
class VnetJailCreationLocalIT extends VnetJailCreationIT {
}
