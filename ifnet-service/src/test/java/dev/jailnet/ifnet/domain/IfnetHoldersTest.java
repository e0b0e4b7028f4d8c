package dev.jailnet.ifnet.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class IfnetHoldersTest {

    @Test
    void aTextNamesTheFirstEightThenHowManyMore() {
        List<String> holders = IntStream.rangeClosed(1, 100_000).mapToObj(i -> "nhop:vnet3/" + i).toList();

        String named = IfnetHolders.firstOf(holders, Function.identity(), ", ");

        assertThat(named).isEqualTo("nhop:vnet3/1, nhop:vnet3/2, nhop:vnet3/3, nhop:vnet3/4, nhop:vnet3/5,"
                + " nhop:vnet3/6, nhop:vnet3/7, nhop:vnet3/8, and 99992 more");
    }

    @Test
    void eightOrFewerAreAllNamed() {
        assertThat(IfnetHolders.firstOf(List.of("a", "b"), Function.identity(), "; ")).isEqualTo("a; b");
        assertThat(IfnetHolders.firstOf(List.of("1", "2", "3", "4", "5", "6", "7", "8"), Function.identity(), ","))
                .isEqualTo("1,2,3,4,5,6,7,8");
        assertThat(IfnetHolders.firstOf(List.<String>of(), Function.identity(), ", ")).isEmpty();
    }

    @Test
    void theFirstHoldersAreCompleteOnlyWhenTheyAreAllOfThem() {
        assertThat(new IfnetHolders(2, List.of("nhop:vnet3/1", "nhop:vnet3/2")).complete()).isTrue();
        assertThat(new IfnetHolders(9, List.of("nhop:vnet3/1")).complete()).isFalse();
        assertThat(new IfnetHolders(0, List.of()).complete()).isTrue();
    }
}
