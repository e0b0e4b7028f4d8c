package dev.jailnet.testsupport;

import io.quarkus.test.common.WithTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@code @QuarkusTest} of one service: the real parts it needs, a Kafka broker and a PostgreSQL database,
 * each started once for the whole test run (see {@link KafkaResource} and {@link PostgresResource}), and the
 * key its bearer tokens are verified with ({@link AccessResource}; REST Assured sends an operator's token). Not a
 * stereotype of {@code @QuarkusTest} itself: Quarkus finds its test classes by that annotation alone.
 */
@WithTestResource(KafkaResource.class)
@WithTestResource(PostgresResource.class)
@WithTestResource(AccessResource.class)
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface ServiceTest {
}
