package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FaultInjectorTest {

    @Test
    void aFaultIsAnActionOnAComponentAndItsUndo() {
        FaultInjector.Fault kill = FaultInjector.Fault.parse("kill:ifnet-service#2");
        FaultInjector.Fault pause = FaultInjector.Fault.parse("pause:postgres");

        assertThat(kill).isEqualTo(new FaultInjector.Fault(Component.Action.KILL, "ifnet-service#2"));
        assertThat(kill.undo()).isEqualTo(Component.Action.START);
        assertThat(pause.undo()).isEqualTo(Component.Action.RESUME);
        assertThat(kill).hasToString("kill ifnet-service#2");
    }

    @Test
    void onlyKillStopAndPauseAreFaultsAndEachNamesAComponent() {
        assertThatThrownBy(() -> FaultInjector.Fault.parse("restart:postgres")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultInjector.Fault.parse("stop:")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultInjector.Fault.parse("postgres")).isInstanceOf(IllegalArgumentException.class);
    }
}
