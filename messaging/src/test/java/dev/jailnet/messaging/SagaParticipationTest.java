package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.events.saga.StepResult;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ServiceTest
class SagaParticipationTest {

    @Inject
    SagaParticipation participation;

    @Inject
    StepReplies replies;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final AtomicInteger carriedOut = new AtomicInteger();

    private final SagaParticipation.Step step = (command, envelope) -> {
        carriedOut.incrementAndGet();
        return StepResult.of(Map.of("rtentry", 7));
    };

    @Test
    void aStepCarriedOutAloneIsAnsweredAndRememberedAndALaterAttemptGetsTheSameAnswerWithoutDoingItAgain() {
        Envelope first = command(UUID.randomUUID(), SagaStep.RIB_FLUSH, 1);

        QuarkusTransaction.requiringNew().run(() -> participation.carryOut(first, Participant.ROUTING, step));
        Envelope again = Envelope.of(new SagaCommand(vnet(first), SagaStep.RIB_FLUSH, 2), first.sagaId(), null, null);
        QuarkusTransaction.requiringNew().run(() -> participation.carryOut(again, Participant.ROUTING, step));

        assertThat(carriedOut).hasValue(1);
        assertThat(replies.find(first.sagaId(), SagaStep.RIB_FLUSH)).get()
                .satisfies(reply -> assertThat(reply.success()).isTrue())
                .satisfies(reply -> assertThat(reply.attempt()).isEqualTo(1));
        List<SagaReply> answers = repliesSent(first.sagaId(), 2);
        assertThat(answers).extracting(SagaReply::attempt).containsExactly(1, 2);
        assertThat(answers.get(1)).isEqualTo(answers.get(0).forAttempt(2));
    }

    /* a poll's commands applied together: their replies written by one statement, with every step remembered */
    @Test
    void stepsCarriedOutInOneTransactionAreEachRememberedAndARefusalIsNot() {
        Envelope one = command(UUID.randomUUID(), SagaStep.RIB_FLUSH, 1);
        Envelope two = command(UUID.randomUUID(), SagaStep.RTABLES_DESTROY, 1);
        Envelope refused = command(UUID.randomUUID(), SagaStep.RIB_FLUSH, 1);

        QuarkusTransaction.requiringNew().run(() -> {
            participation.carryOut(one, Participant.ROUTING, step);
            participation.carryOut(refused, Participant.ROUTING, (command, envelope) -> {
                throw new SagaParticipation.StepRefused("not now");
            });
            participation.carryOut(two, Participant.ROUTING, step);
        });

        assertThat(replies.find(one.sagaId(), SagaStep.RIB_FLUSH)).isPresent();
        assertThat(replies.find(two.sagaId(), SagaStep.RTABLES_DESTROY)).isPresent();
        assertThat(replies.find(refused.sagaId(), SagaStep.RIB_FLUSH)).isEmpty();
        assertThat(repliesSent(refused.sagaId(), 1)).singleElement()
                .satisfies(reply -> assertThat(reply.reason()).isEqualTo("not now"));
        assertThat(repliesSent(two.sagaId(), 1)).singleElement()
                .satisfies(reply -> assertThat(reply.success()).isTrue());
    }

    /* a step's earlier attempts were refused or lost; two later ones arrive in one poll, applied together */
    @Test
    void twoAttemptsOfAStepInOneTransactionAreAnsweredAlikeAndTheStepIsCarriedOutOnce() {
        UUID saga = UUID.randomUUID();
        String vnetId = "vnet-participation-" + UUID.randomUUID();
        Envelope second = Envelope.of(new SagaCommand(vnetId, SagaStep.RIB_FLUSH, 2), saga, null, null);
        Envelope third = Envelope.of(new SagaCommand(vnetId, SagaStep.RIB_FLUSH, 3), saga, null, null);

        QuarkusTransaction.requiringNew().run(() -> {
            participation.carryOut(second, Participant.ROUTING, step);
            participation.carryOut(third, Participant.ROUTING, step);
        });

        assertThat(carriedOut).hasValue(1);
        List<SagaReply> answers = repliesSent(saga, 2);
        assertThat(answers).extracting(SagaReply::attempt).containsExactly(2, 3);
        assertThat(answers.get(1)).isEqualTo(answers.get(0).forAttempt(3));
        assertThat(replies.find(saga, SagaStep.RIB_FLUSH)).contains(answers.get(0));
    }

    @Test
    void aStepWhoseTransactionRollsBackIsNotRemembered() {
        Envelope first = command(UUID.randomUUID(), SagaStep.RIB_FLUSH, 1);

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> {
            participation.carryOut(first, Participant.ROUTING, step);
            throw new IllegalStateException("a later record of the poll failed");
        })).hasMessageContaining("a later record of the poll failed");

        assertThat(replies.find(first.sagaId(), SagaStep.RIB_FLUSH)).isEmpty();
    }

    private static Envelope command(UUID sagaId, SagaStep step, int attempt) {
        return Envelope.of(new SagaCommand("vnet-participation-" + UUID.randomUUID(), step, attempt), sagaId, null,
                null);
    }

    private static String vnet(Envelope command) {
        return ((SagaCommand) command.payload()).vnetId();
    }

    /** The replies sent in the saga, in the order sent, once {@code expected} of them are on the topic. */
    private List<SagaReply> repliesSent(UUID sagaId, int expected) {
        Predicate<ConsumerRecord<String, byte[]>> inSaga = KafkaProbe.envelopeWhere(e -> sagaId.equals(e.sagaId()));
        return KafkaProbe.readUntil(bootstrap, Topics.SAGA_REPLIES, Duration.ofSeconds(30),
                        seen -> seen.stream().filter(inSaga).count() >= expected).stream()
                .filter(inSaga).map(record -> (SagaReply) EventCodec.decode(record.value()).payload()).toList();
    }
}
