package dev.jailnet.events;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * Identifiers that sort by when they were made: UUID version 7 (RFC 9562), a millisecond timestamp first and
 * a counter within the millisecond, from FasterXML's java-uuid-generator.
 * <p>
 * Every message id ends up in a consumer's inbox, whose key is {@code (consumer, message_id)}, and a saga's
 * id in the key of its step replies. With random ids each insert lands on a random leaf of a large index: the
 * page is read, and after every checkpoint its first change writes the whole page to the WAL (2.3 kB per
 * inbox claim, two thirds of the WAL of a lifecycle). Ids in the order they are made land on the right edge
 * of each consumer's range, on a page that is already in memory and already logged.
 */
public final class TimeOrderedIds {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private TimeOrderedIds() {
    }

    /** A new id, greater (as PostgreSQL compares uuids: byte by byte) than every one this process made before. */
    public static UUID next() {
        return GENERATOR.generate();
    }
}
