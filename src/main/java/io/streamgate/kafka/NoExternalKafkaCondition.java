package io.streamgate.kafka;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * True when {@code spring.kafka.bootstrap-servers} is not set anywhere (properties, env
 * {@code SPRING_KAFKA_BOOTSTRAP_SERVERS}, command line) and the embedded broker is not switched off.
 * Spring Kafka's own default ({@code localhost:9092}) does not count as "set".
 */
class NoExternalKafkaCondition extends SpringBootCondition {

    static final String BOOTSTRAP_SERVERS = "spring.kafka.bootstrap-servers";
    static final String EMBEDDED_ENABLED = "streamgate.kafka.embedded.enabled";

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment env = context.getEnvironment();
        if (env.containsProperty(BOOTSTRAP_SERVERS)) {
            return ConditionOutcome.noMatch(BOOTSTRAP_SERVERS + " is set: using that cluster");
        }
        if (!env.getProperty(EMBEDDED_ENABLED, Boolean.class, true)) {
            return ConditionOutcome.noMatch(EMBEDDED_ENABLED + " is false");
        }
        return ConditionOutcome.match("no external Kafka configured: starting the embedded broker");
    }
}
