#!/usr/bin/env bash
# Kafka's storage tool (format, info, random-uuid), as in apache/kafka.
exec java -Xmx256m -Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.xml \
    -cp '/opt/kafka/libs/*' kafka.tools.StorageTool "$@"
