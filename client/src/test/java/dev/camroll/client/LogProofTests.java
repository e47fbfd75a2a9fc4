package dev.camroll.client;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** tlog-proofs of ledger entries: read strictly, and proving exactly the entry whose leaf they lead from. */
class LogProofTests {

    static final String ORIGIN = "camroll.example/v1/consent/log";

    final Random random = new Random(7);

    TestLog log;

    byte[] salt;

    String hash;

    @BeforeEach
    void aLogOfSevenEntriesOneOfThemOurs() {
        log = new TestLog(ORIGIN);
        salt = bytes(32);
        for (int i = 0; i < 3; i++) {
            log.append(bytes(32));
        }
        hash = HexFormat.of().formatHex(bytes(32));
        log.appendLedgerEntry(salt, hash);
        for (int i = 0; i < 3; i++) {
            log.append(bytes(32));
        }
    }

    @Test
    void aProofIsReadAndProvesItsEntry() {
        LogProof proof = LogProof.parse(log.proof(salt, 3, 7), log.parsedKey());

        assertThat(proof.salt()).isEqualTo(salt);
        assertThat(proof.index()).isEqualTo(3);
        assertThat(proof.path()).hasSize(3);
        assertThat(proof.checkpoint().size()).isEqualTo(7);
        assertThat(proof.checkpoint().origin()).isEqualTo(ORIGIN);
        assertThat(proof.proves(hash)).isTrue();
        assertThat(proof.proves(hash.toUpperCase())).isTrue();
    }

    @Test
    void aProofDoesNotProveAnotherEntryNorTheEntryUnderAnotherSaltOrIndex() {
        String other = HexFormat.of().formatHex(bytes(32));
        byte[] otherSalt = salt.clone();
        otherSalt[31] ^= 1;
        List<byte[]> path = TestLog.path(3, log.entries);

        assertThat(LogProof.parse(log.proof(salt, 3, 7), log.parsedKey()).proves(other))
                .isFalse();
        assertThat(LogProof.parse(TestLog.proof(otherSalt, 3, path, log.checkpoint(7)), log.parsedKey())
                        .proves(hash))
                .isFalse();
        assertThat(LogProof.parse(TestLog.proof(salt, 2, path, log.checkpoint(7)), log.parsedKey())
                        .proves(hash))
                .isFalse();
        assertThat(LogProof.parse(log.proof(salt, 3, 7), log.parsedKey()).proves("not hex"))
                .isFalse();
    }

    @Test
    void aProofIsReadStrictly() {
        String checkpoint = log.checkpoint(7);
        List<byte[]> path = TestLog.path(3, log.entries);
        String good = TestLog.proof(salt, 3, path, checkpoint);
        List<String> malformed = List.of(
                good.replace("c2sp.org/tlog-proof@v1", "c2sp.org/tlog-proof@v2"),
                good.replace("extra " + TestLog.base64(salt) + "\n", ""),
                TestLog.proof(bytes(31), 3, path, checkpoint),
                good.replace("index 3\n", "index 03\n"),
                good.replace("index 3\n", "index -3\n"),
                good.replace(TestLog.base64(path.get(1)), TestLog.base64(bytes(31))),
                good.replace(TestLog.base64(path.get(1)), "not base64"),
                good.replace("\n\n", "\n"));

        for (String proof : malformed) {
            assertThatThrownBy(() -> LogProof.parse(proof, log.parsedKey()))
                    .as(proof)
                    .isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(SignedNote.Unverified.class);
        }
        assertThatThrownBy(() -> LogProof.parse(TestLog.proof(salt, 7, path, checkpoint), log.parsedKey()))
                .hasMessageContaining("the index 7 is outside its checkpoint's tree of 7 entries");
    }

    @Test
    void aProofWhoseCheckpointAnotherKeySignedIsUnverified() {
        TestLog impostor = new TestLog(ORIGIN);
        impostor.entries.addAll(log.entries);

        assertThatThrownBy(() -> LogProof.parse(impostor.proof(salt, 3, 7), log.parsedKey()))
                .isInstanceOf(SignedNote.Unverified.class);
    }

    @Test
    void theLibrarysHmacIsTheJdksHmacSha256() throws Exception {
        for (int keyLength : new int[] {0, 1, 32, 63, 64, 65, 200}) {
            byte[] key = bytes(keyLength);
            byte[] message = bytes(keyLength * 3 + 1);
            Mac mac = Mac.getInstance("HmacSHA256");
            // The JDK refuses an empty key; an all-zero block is what RFC 2104 pads it to.
            mac.init(new SecretKeySpec(keyLength == 0 ? new byte[64] : key, "HmacSHA256"));

            assertThat(Codec.hmacSha256(key, message))
                    .as("key of %d bytes", keyLength)
                    .isEqualTo(mac.doFinal(message));
        }
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
