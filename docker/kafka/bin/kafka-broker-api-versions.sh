#!/usr/bin/env bash
# The same tool at the same path as in apache/kafka, so that one health check works in both images:
#   /opt/kafka/bin/kafka-broker-api-versions.sh --bootstrap-server localhost:9092
# A metadata request: it succeeds only when the broker answers, not when its port is merely open.
exec java -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto \
    -Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.xml \
    -cp '/opt/kafka/libs/*' org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
