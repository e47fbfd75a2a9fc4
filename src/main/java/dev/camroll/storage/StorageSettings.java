package dev.camroll.storage;

import java.net.URI;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where objects are kept ({@code camroll.storage.*}). Credentials for S3 are never configured here: they come from
 * the AWS SDK's default provider chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, the
 * {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties, a profile, a container or instance role).
 *
 * @param type {@code filesystem} (the default: one file per key under {@code {camroll.data-dir}/objects/}) or
 *     {@code s3}
 * @param s3 the bucket when {@code type} is {@code s3}
 */
@ConfigurationProperties("camroll.storage")
public record StorageSettings(
        @DefaultValue("filesystem") Type type, @DefaultValue S3 s3) {

    public StorageSettings {
        if (type == null) {
            throw new IllegalArgumentException("camroll.storage.type must be filesystem or s3");
        }
        if (type == Type.S3 && (s3.bucket() == null || s3.bucket().isBlank())) {
            throw new IllegalArgumentException("camroll.storage.s3.bucket must be set when camroll.storage.type is s3");
        }
    }

    /** The kinds of object store. */
    public enum Type {
        FILESYSTEM,
        S3
    }

    /**
     * An S3 bucket on AWS or any S3-compatible service.
     *
     * @param endpoint the service's URL, e.g. {@code http://minio:9000}; empty for AWS S3 itself
     * @param bucket the bucket, which must exist
     * @param region the signing region; empty: {@code AWS_REGION} or {@code aws.region}, else {@code us-east-1}
     * @param pathStyleAccess address the bucket as {@code {endpoint}/{bucket}/key} instead of a
     *     {@code {bucket}.{host}} name; MinIO and most self-hosted services need {@code true}
     */
    public record S3(
            URI endpoint,
            String bucket,
            String region,
            @DefaultValue("false") boolean pathStyleAccess) {

        public S3 {
            if (endpoint != null && endpoint.toString().isBlank()) {
                endpoint = null;
            }
            if (endpoint != null
                    && (endpoint.getHost() == null
                            || !("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme())))) {
                throw new IllegalArgumentException(
                        "camroll.storage.s3.endpoint must be an http(s) URL with a host: " + endpoint);
            }
        }
    }
}
