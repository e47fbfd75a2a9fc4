package dev.camroll.storage;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where objects are kept ({@code camroll.storage.*}). Credentials for S3 are never configured here: they come from
 * the AWS SDK's default provider chain ({@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, the
 * {@code aws.accessKeyId}/{@code aws.secretAccessKey} system properties, a profile, a container or instance role).
 *
 * @param type The object store: filesystem (one file per object key under {data-dir}/objects/, one machine only) or
 *     s3 (a bucket on AWS S3 or any S3-compatible service, needed for more than one instance).
 * @param s3 The bucket when type is s3.
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
     * @param endpoint The service's URL, e.g. http://minio:9000; unset for AWS S3 itself.
     * @param bucket The bucket, which must exist; required with type s3.
     * @param region The signing region; unset: AWS_REGION (or -Daws.region), else us-east-1.
     * @param pathStyleAccess Address the bucket as {endpoint}/{bucket}/{key} instead of a {bucket}.{host} name; MinIO
     *     and most self-hosted services need true.
     */
    public record S3(
            @Nullable URI endpoint,
            @Nullable String bucket,
            @Nullable String region,
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
