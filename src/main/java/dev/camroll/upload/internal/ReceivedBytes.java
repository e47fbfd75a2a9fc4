package dev.camroll.upload.internal;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Counts the body bytes this instance kept in uploads' staging, by protocol: bytes recorded as part of an upload,
 * including those of a request that was cut off, never those a crash or a failed chunk checksum lost. A client that
 * resumes where the server stands sends nothing twice, so over a whole sync the count equals the files' sizes.
 */
@Component
class ReceivedBytes {

    static final String RECEIVED = "camroll.upload.received.bytes";

    private final Map<UploadProtocol, Counter> counters = new EnumMap<>(UploadProtocol.class);

    ReceivedBytes(MeterRegistry meters) {
        for (UploadProtocol protocol : UploadProtocol.values()) {
            counters.put(
                    protocol,
                    Counter.builder(RECEIVED)
                            .baseUnit("bytes")
                            .description("Body bytes kept in uploads' staging on this instance")
                            .tag("protocol", protocol.tag())
                            .register(meters));
        }
    }

    void add(UploadProtocol protocol, long bytes) {
        if (bytes > 0) {
            counters.get(protocol).increment(bytes);
        }
    }
}
