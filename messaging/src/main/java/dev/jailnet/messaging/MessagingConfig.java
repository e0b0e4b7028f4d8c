package dev.jailnet.messaging;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the shared messaging runtime; every service sets {@code jailnet.messaging.service}. */
@ConfigMapping(prefix = "jailnet.messaging")
public interface MessagingConfig {

    /** The service's name: client ids and consumer groups start with it. */
    String service();

    Topics topics();

    Relay relay();

    Consumer consumer();

    RetentionPeriods retention();

    interface Topics {
        /** Create the topics of {@code dev.jailnet.events.Topics} at start-up (existing ones are kept). */
        @WithDefault("true")
        boolean provision();

        @WithDefault("6")
        int partitions();

        @WithDefault("1")
        short replicationFactor();
    }

    interface Relay {
        @WithDefault("true")
        boolean enabled();

        /**
         * The safety net: how often the relay looks at the outbox when no commit notified it, and how often
         * a replica that does not relay tries to take the turn.
         */
        @WithDefault("500ms")
        Duration sweepInterval();

        @WithDefault("500")
        int batchSize();
    }

    interface Consumer {
        @WithDefault("true")
        boolean enabled();

        /**
         * Attempts at a record that fails for a reason other than an outage before its handler may answer it
         * (see {@code MessageHandler.answerFailure}); without an answer it is retried for as long as it takes.
         */
        @WithDefault("5")
        int maxAttempts();

        /** Wait before the second attempt; doubles with each further attempt, up to {@link #maxBackoff}. */
        @WithDefault("50ms")
        Duration retryBackoff();

        /** The longest wait between two attempts at a record that cannot be applied yet. */
        @WithDefault("5s")
        Duration maxBackoff();

        /** How long a poll waits for records; records end the wait as soon as they arrive. */
        @WithDefault("1s")
        Duration pollTimeout();

        /**
         * The most records applied in one transaction, each with its inbox entry: a poll of at most this many
         * together, else runs of one key's records in a row on a partition. One commit for a burst instead of
         * one per record; 1 applies each alone.
         */
        @WithDefault("100")
        int groupCommit();

        /**
         * How long a consumer waits for more records before it applies a poll whose oldest record is late (older
         * than {@link #lateAfter}), so that those that follow share its transaction; 0 never waits. Records that
         * arrive late have waited for the machine already: a few milliseconds more cost them little, and a
         * transaction fewer is a commit, an inbox statement and an outbox statement fewer. Records on time are
         * applied at once.
         */
        @WithDefault("5ms")
        Duration linger();

        /** How old a poll's oldest record must be (from its producer's timestamp) for the consumer to linger. */
        @WithDefault("20ms")
        Duration lateAfter();

        /**
         * How long the offsets of applied records may wait to be committed to Kafka while records keep coming; a
         * poll that brings nothing, a rebalance, a stop and a dead letter commit at once. After a crash the
         * records of at most this long are delivered again, and the inbox drops them.
         */
        @WithDefault("1s")
        Duration commitInterval();

        /**
         * Consumer loops per handler in one service, in its consumer group: each gets a share of the topics'
         * partitions, so the records of different VNETs are applied side by side while a VNET's (keyed by it, on
         * one partition) stay in order. More loops than partitions leave some idle. 1: a handler applies one poll
         * at a time.
         */
        @WithDefault("1")
        int concurrency();
    }

    /** How long what is over is kept (see {@code Retention}), and how often it is purged. */
    interface RetentionPeriods {
        @WithDefault("true")
        boolean enabled();

        /** Destroyed VNETs, finished sagas and step replies, releases no longer awaited. */
        @WithDefault("7d")
        Duration finished();

        /** Processed message ids: longer than any topic keeps a record (Kafka's default is 7 days). */
        @WithDefault("8d")
        Duration inbox();

        @WithDefault("10m")
        Duration interval();

        /** Rows deleted per transaction. */
        @WithDefault("1000")
        int batchSize();
    }
}
