package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalSystemOptionsTest {

    private static final Path HOME = Path.of(".");

    @Test
    void replicaROfAServiceListensOnItsPortPlusTenTimesRMinusOne() {
        LocalSystem.Options options = LocalSystem.Options.defaults(HOME, HOME).withReplicas(3);

        assertThat(options.replicaPorts().get(Service.JAIL)).containsExactly(8081, 8091, 8101);
        assertThat(options.replicaPorts().get(Service.ROUTING)).containsExactly(8084, 8094, 8104);
    }

    @Test
    void freePortsStayToBeChosenForEveryReplica() {
        assertThat(LocalSystem.Options.ephemeral(HOME, HOME).withReplicas(2).replicaPorts().get(Service.VNET))
                .isEqualTo(List.of(0, 0));
    }

    @Test
    void thereIsAtLeastOneReplica() {
        assertThatThrownBy(() -> LocalSystem.Options.defaults(HOME, HOME).withReplicas(0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
