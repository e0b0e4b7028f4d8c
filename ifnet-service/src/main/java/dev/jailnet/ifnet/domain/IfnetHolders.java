package dev.jailnet.ifnet.domain;

import java.util.Collection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an answer shows of the references held on an interface: how many there are ({@code if_refcount}) and the
 * first {@link #SHOWN} holders, oldest first. An interface that 100,000 gateways lead through has as many nexthops
 * holding it, which its answer must not carry; they are listed a page at a time on their own.
 */
public record IfnetHolders(long refcount, List<String> first) {

    public static final int SHOWN = 8;

    public boolean complete() {
        return first.size() == refcount;
    }

    /**
     * The first {@link #SHOWN} of {@code items} as {@code name} says them, then how many more: a step's refusal and
     * a fault are messages, and a text in a message stays bounded however many interfaces or holders there are.
     */
    public static <T> String firstOf(Collection<T> items, Function<T, String> name, String separator) {
        String first = items.stream().limit(SHOWN).map(name).collect(Collectors.joining(separator));
        int more = items.size() - SHOWN;
        return more > 0 ? first + separator + "and " + more + " more" : first;
    }
}
