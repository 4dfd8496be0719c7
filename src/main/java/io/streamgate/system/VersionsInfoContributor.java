package io.streamgate.system;

import org.apache.kafka.common.utils.AppInfoParser;
import io.streamgate.pipeline.spark.SparkConnection;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.stereotype.Component;

import java.util.Map;

/** What {@code /actuator/info} adds to the build info: the Spark and Kafka sides the app runs with. */
@Component
class VersionsInfoContributor implements InfoContributor {

    private final SparkConnection spark;

    VersionsInfoContributor(SparkConnection spark) {
        this.spark = spark;
    }

    @Override
    public void contribute(Info.Builder builder) {
        builder.withDetail("spark", Map.of(
                "version", SparkConnection.SPARK_VERSION,
                "master", spark.status().master(),
                "scalaVersion", scala.util.Properties.versionNumberString()));
        builder.withDetail("kafka", Map.of("clientVersion", AppInfoParser.getVersion()));
    }
}
