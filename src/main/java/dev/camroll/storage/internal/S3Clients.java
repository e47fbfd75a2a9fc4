package dev.camroll.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import dev.camroll.storage.StorageSettings;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;

/** How camroll talks to S3: one place for the client settings that S3-compatible services need. */
final class S3Clients {

    static final Region FALLBACK_REGION = Region.US_EAST_1;

    private S3Clients() {}

    /** A client builder for the bucket's service; credentials are left to the SDK's default provider chain. */
    static S3ClientBuilder builder(StorageSettings.S3 settings) {
        S3ClientBuilder builder = S3Client.builder()
                .region(region(settings))
                .forcePathStyle(settings.pathStyleAccess())
                // Since SDK 2.30 requests carry CRC checksums by default, which not every S3-compatible service
                // accepts; send them only where the S3 API requires one.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ContentMd5ForDeleteObjects()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder;
    }

    /**
     * The configured region, else the one in {@code AWS_REGION}/{@code aws.region}, else us-east-1. The SDK's
     * full region chain is avoided on purpose: off AWS, its instance-metadata lookup only costs start-up time.
     */
    static Region region(StorageSettings.S3 settings) {
        if (settings.region() != null && !settings.region().isBlank()) {
            return Region.of(settings.region().trim());
        }
        try {
            return new SystemSettingsRegionProvider().getRegion();
        } catch (SdkClientException e) {
            return FALLBACK_REGION;
        }
    }

    /**
     * The S3 API requires {@code Content-MD5} on DeleteObjects. Since 2.30 the SDK sends a CRC32 checksum instead,
     * which AWS accepts but several S3-compatible services (older MinIO, Ceph) refuse with MissingContentMD5.
     * The body is a small XML list of at most 1,000 keys.
     */
    static final class ContentMd5ForDeleteObjects implements ExecutionInterceptor {

        @Override
        public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            Optional<RequestBody> body = context.requestBody();
            if (!(context.request() instanceof DeleteObjectsRequest)
                    || body.isEmpty()
                    || request.firstMatchingHeader("Content-MD5").isPresent()) {
                return request;
            }
            try (InputStream in = body.get().contentStreamProvider().newStream()) {
                MessageDigest md5 = MessageDigest.getInstance("MD5");
                md5.update(in.readAllBytes());
                return request.toBuilder()
                        .putHeader("Content-MD5", Base64.getEncoder().encodeToString(md5.digest()))
                        .build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has MD5", e);
            }
        }
    }
}
