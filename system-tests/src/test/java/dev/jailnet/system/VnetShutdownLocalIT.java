package dev.jailnet.system;

import org.junit.jupiter.api.extension.ExtendWith;

/** {@link VnetShutdownIT} against the system as local processes ({@code jailnet up}). */
@ExtendWith(JailnetSystem.class)
class VnetShutdownLocalIT extends VnetShutdownIT {
}
