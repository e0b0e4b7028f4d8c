package dev.jailnet.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaStep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

class TimeOrderedIdsTest {

    @Test
    void aMessagesIdIsVersionSevenAndCarriesWhenItWasMade() {
        long before = System.currentTimeMillis();
        Envelope envelope = Envelope.of(new SagaCommand("vnet7", SagaStep.LOIF_INIT, 1));
        long after = System.currentTimeMillis();

        assertThat(envelope.id().version()).isEqualTo(7);
        assertThat(envelope.id().variant()).isEqualTo(2);
        assertThat(envelope.id().getMostSignificantBits() >>> 16).isBetween(before, after);
    }

    @Test
    void idsMadeOneAfterAnotherSortAsPostgresqlComparesThemEvenWithinOneMillisecond() {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            ids.add(TimeOrderedIds.next());
        }

        for (int i = 1; i < ids.size(); i++) {
            assertThat(unsignedCompare(ids.get(i - 1), ids.get(i))).as("id %d after id %d", i, i - 1).isNegative();
        }
        // so many in a row share milliseconds: the order within one comes from the counter, not the clock
        assertThat(ids.stream().map(id -> id.getMostSignificantBits() >>> 16).distinct().count())
                .isLessThan(ids.size());
    }

    @Test
    void threadsMakingIdsAtOnceNeverMakeTheSameOne() throws Exception {
        int threads = 4;
        int each = 50_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        Collection<UUID> made = new ConcurrentLinkedQueue<>();
        List<Thread> makers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread maker = new Thread(() -> {
                List<UUID> mine = new ArrayList<>(each);
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int i = 0; i < each; i++) {
                    mine.add(TimeOrderedIds.next());
                }
                made.addAll(mine);
            });
            maker.start();
            makers.add(maker);
        }
        for (Thread maker : makers) {
            maker.join();
        }

        Set<UUID> distinct = new HashSet<>(made);
        assertThat(made).hasSize(threads * each);
        assertThat(distinct).hasSize(threads * each);
    }

    /** PostgreSQL compares uuids as 16 unsigned bytes; {@link UUID#compareTo} compares signed longs. */
    private static int unsignedCompare(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
