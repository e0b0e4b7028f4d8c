package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Message;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A consumer of events, written as a table: which event it acts on, and how ({@link #on}); any other event of its
 * topics is not its business and is passed over.
 */
public abstract class EventHandler implements MessageHandler {

    private final String name;
    private final Set<String> topics;
    private final Map<Class<? extends Message>, BiConsumer<Message, Envelope>> actions = new LinkedHashMap<>();

    protected EventHandler(String name, String... topics) {
        this.name = name;
        this.topics = Set.of(topics);
    }

    /** What to do with an event of {@code type}: the event and its envelope (the cause of what it publishes). */
    @SuppressWarnings("unchecked")
    protected final <T extends Message> EventHandler on(Class<T> type, BiConsumer<T, Envelope> action) {
        actions.put(type, (message, envelope) -> action.accept((T) message, envelope));
        return this;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Set<String> topics() {
        return topics;
    }

    @Override
    public final boolean concerns(Envelope envelope) {
        return actions.containsKey(envelope.payload().getClass());
    }

    @Override
    public final void handle(Envelope envelope) {
        BiConsumer<Message, Envelope> action = actions.get(envelope.payload().getClass());
        if (action != null) {
            action.accept(envelope.payload(), envelope);
        }
    }
}
