package dev.jailnet.system;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link VnetJailCreationIT} against the system as local processes ({@code jailnet up}). */
// first on its system: aJailWithoutVnetIsAliveAtOnceInVnet0 expects vnet0 as the system starts (see pom.xml)
@Order(1)
@ExtendWith(JailnetSystem.class)
class VnetJailCreationLocalIT extends VnetJailCreationIT {
}
