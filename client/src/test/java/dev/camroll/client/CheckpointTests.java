package dev.camroll.client;

import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Verifier keys, signed notes and checkpoints: the example note of golang.org/x/mod/sumdb/note's tests, and
 * checkpoints signed here with a fresh Ed25519 key of the JDK.
 */
class CheckpointTests {

    // golang.org/x/mod sumdb/note/note_test.go (TestOpen): Peter Neumann's and Enoch Root's keys, the text, and each
    // key's signature line of it.
    static final String PETER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

    static final String ENOCH_KEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";

    static final String PETER_SIGNATURE =
            "\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

    static final String ENOCH_SIGNATURE =
            "\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    static final String ORIGIN = "camroll.example/v1/consent/log";

    static final String ROOT = Base64.getEncoder().encodeToString(TestLog.sha256(new byte[] {1, 2, 3}));

    @Test
    void theGoNoteExampleOpensWithPeterNeumannsKey() {
        LogVerifierKey peter = LogVerifierKey.parse(PETER_KEY);

        assertThat(peter.name()).isEqualTo("PeterNeumann");
        assertThat(peter.keyId()).isEqualTo("c74f20a3");
        assertThat(peter.text()).isEqualTo(PETER_KEY);
        assertThat(SignedNote.open(TEXT + "\n" + PETER_SIGNATURE, peter)).isEqualTo(TEXT);
    }

    @Test
    void aSignatureLineOfAnotherKeyIsIgnoredAndOneOfTheKeyIsNeeded() {
        String cosigned = TEXT + "\n" + PETER_SIGNATURE + ENOCH_SIGNATURE;

        assertThat(SignedNote.open(cosigned, LogVerifierKey.parse(PETER_KEY))).isEqualTo(TEXT);
        assertThat(SignedNote.open(cosigned, LogVerifierKey.parse(ENOCH_KEY))).isEqualTo(TEXT);
        assertThatThrownBy(() -> SignedNote.open(TEXT + "\n" + ENOCH_SIGNATURE, LogVerifierKey.parse(PETER_KEY)))
                .isInstanceOf(SignedNote.Unverified.class)
                .hasMessageContaining("not signed by PeterNeumann+c74f20a3 (only by EnochRoot)");
    }

    @Test
    void anAlteredTextOrSignatureDoesNotVerify() {
        LogVerifierKey peter = LogVerifierKey.parse(PETER_KEY);
        String altered = PETER_SIGNATURE.substring(0, 60) + "ABCD" + PETER_SIGNATURE.substring(60);

        assertThatThrownBy(() -> SignedNote.open(TEXT + "\n" + altered, peter))
                .isInstanceOf(SignedNote.Unverified.class)
                .hasMessageContaining("does not verify");
        assertThatThrownBy(() -> SignedNote.open(TEXT.replace("answer", "Answer") + "\n" + PETER_SIGNATURE, peter))
                .isInstanceOf(SignedNote.Unverified.class);
        // A signature that does not verify fails the note, even beside one that does (as Go's note.Open).
        assertThatThrownBy(() -> SignedNote.open(TEXT + "\n" + altered + PETER_SIGNATURE, peter))
                .isInstanceOf(SignedNote.Unverified.class);
    }

    @Test
    void malformedNotesAreRefusedAsSuch() {
        LogVerifierKey peter = LogVerifierKey.parse(PETER_KEY);
        List<String> malformed = List.of(
                TEXT,
                TEXT + "\n",
                TEXT + "\n" + PETER_SIGNATURE.substring(0, PETER_SIGNATURE.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_SIGNATURE,
                TEXT + "\n"
                        + "\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                TEXT + "\n" + PETER_SIGNATURE + "Unexpected line.\n",
                TEXT + "\n" + PETER_SIGNATURE.repeat(101));

        for (String note : malformed) {
            assertThatThrownBy(() -> SignedNote.open(note, peter))
                    .as(note)
                    .isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(SignedNote.Unverified.class)
                    .hasMessageContaining("not a signed note");
        }
    }

    @Test
    void everyManglingOfAVerifierKeyIsRefused() {
        // golang.org/x/mod sumdb/note/note_test.go (TestNewVerifier): every part of the key, and the key with any one
        // character changed.
        List<String> mangled = new ArrayList<>();
        for (int i = 0; i <= PETER_KEY.length(); i++) {
            for (int j = i + 1; j <= PETER_KEY.length(); j++) {
                if (i != 0 || j != PETER_KEY.length()) {
                    mangled.add(PETER_KEY.substring(i, j));
                }
            }
        }
        for (int i = 0; i < PETER_KEY.length(); i++) {
            char[] changed = PETER_KEY.toCharArray();
            changed[i]++;
            mangled.add(new String(changed));
        }
        mangled.add("PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==");
        mangled.add("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");

        for (String key : mangled) {
            assertThatThrownBy(() -> LogVerifierKey.parse(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aCheckpointSignedWithAFreshKeyOpens() {
        KeyPair key = TestLog.ed25519();
        String note = TestLog.sign(ORIGIN + "\n42\n" + ROOT + "\nan extension line\n", ORIGIN, key);

        Checkpoint checkpoint = Checkpoint.open(note, LogVerifierKey.parse(TestLog.verifierKey(ORIGIN, key)));

        assertThat(checkpoint.origin()).isEqualTo(ORIGIN);
        assertThat(checkpoint.size()).isEqualTo(42);
        assertThat(checkpoint.root()).isEqualTo(ROOT);
        assertThat(checkpoint.note()).isEqualTo(note);
    }

    @Test
    void cosignaturesOfWitnessesTheVerifierDoesNotKnowAreIgnored() {
        KeyPair key = TestLog.ed25519();
        String body = ORIGIN + "\n42\n" + ROOT + "\n";
        String witnessed = TestLog.sign(body, ORIGIN, key)
                + TestLog.signatureLine(body, "witness.example", TestLog.ed25519())
                // A cosignature of another algorithm (C2SP tlog-cosignature: key id, timestamp, signature).
                + "\u2014 witness2.example " + Base64.getEncoder().encodeToString(new byte[4 + 8 + 64]) + "\n";

        Checkpoint checkpoint = Checkpoint.open(witnessed, LogVerifierKey.parse(TestLog.verifierKey(ORIGIN, key)));

        assertThat(checkpoint.size()).isEqualTo(42);
        assertThat(checkpoint.note()).isEqualTo(witnessed);
    }

    @Test
    void aTamperedCheckpointOrOneOfAnotherKeyIsRefused() {
        KeyPair key = TestLog.ed25519();
        LogVerifierKey verifier = LogVerifierKey.parse(TestLog.verifierKey(ORIGIN, key));
        String note = TestLog.sign(ORIGIN + "\n42\n" + ROOT + "\n", ORIGIN, key);
        String signature = note.substring(note.indexOf('\u2014'));
        byte[] signatureBytes = Base64.getDecoder()
                .decode(signature.substring(signature.lastIndexOf(' ') + 1).trim());
        signatureBytes[10] ^= 1;
        String flipped = "\u2014 " + ORIGIN + " " + Base64.getEncoder().encodeToString(signatureBytes) + "\n";

        assertThatThrownBy(() -> Checkpoint.open(note.replace("\n42\n", "\n43\n"), verifier))
                .isInstanceOf(SignedNote.Unverified.class);
        assertThatThrownBy(() -> Checkpoint.open(note.replace(signature, flipped), verifier))
                .isInstanceOf(SignedNote.Unverified.class);
        String another = TestLog.sign(ORIGIN + "\n42\n" + ROOT + "\n", ORIGIN, TestLog.ed25519());
        assertThatThrownBy(() -> Checkpoint.open(another, verifier))
                .isInstanceOf(SignedNote.Unverified.class)
                .hasMessageContaining("not signed by " + ORIGIN);
    }

    @Test
    void aCheckpointOfAnotherOriginIsNotTheLogsEvenUnderItsKey() {
        KeyPair key = TestLog.ed25519();
        String note = TestLog.sign("other.example/log\n42\n" + ROOT + "\n", ORIGIN, key);

        assertThatThrownBy(() -> Checkpoint.open(note, LogVerifierKey.parse(TestLog.verifierKey(ORIGIN, key))))
                .isInstanceOf(SignedNote.Unverified.class)
                .hasMessageContaining("a checkpoint of other.example/log, not of the log " + ORIGIN);
    }

    @Test
    void aSignedTextThatIsNoCheckpointIsRefused() {
        KeyPair key = TestLog.ed25519();
        LogVerifierKey verifier = LogVerifierKey.parse(TestLog.verifierKey(ORIGIN, key));
        byte[] shortRoot = new byte[31];
        List<String> bodies = List.of(
                ORIGIN + "\n42\n",
                ORIGIN + "\n042\n" + ROOT + "\n",
                ORIGIN + "\n-1\n" + ROOT + "\n",
                ORIGIN + "\n99999999999999999999\n" + ROOT + "\n",
                ORIGIN + "\n42\n" + Base64.getEncoder().encodeToString(shortRoot) + "\n",
                ORIGIN + "\n42\n" + ROOT.replace("=", "") + "\n",
                ORIGIN + "\n42\n" + ROOT + "\n\nextension after an empty line\n");

        for (String body : bodies) {
            assertThatThrownBy(() -> Checkpoint.open(TestLog.sign(body, ORIGIN, key), verifier))
                    .as(body)
                    .isInstanceOf(IllegalArgumentException.class)
                    .isNotInstanceOf(SignedNote.Unverified.class)
                    .hasMessageContaining("not a checkpoint");
        }
    }

    @Test
    void theLibrarysKeyIdIsTheSignedNoteOne() {
        KeyPair key = TestLog.ed25519();

        assertThat(LogVerifierKey.keyId(ORIGIN, TestLog.rawPublicKey(key))).isEqualTo(TestLog.keyId(ORIGIN, key));
        assertThat(LogVerifierKey.parse(" " + TestLog.verifierKey(ORIGIN, key) + "\n")
                        .text())
                .isEqualTo(TestLog.verifierKey(ORIGIN, key));
    }
}
