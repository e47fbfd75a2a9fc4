package dev.camroll.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class HashingTests {

    @TempDir
    Path folder;

    @Test
    void aFileIsHashedOnceAndReadAgainOnlyWhenItsSizeOrTimeChange() throws IOException {
        Path photo = folder.resolve("roll/IMG_0001.JPG");
        Files.createDirectories(photo.getParent());
        Files.writeString(photo, "abc");
        Path cache = folder.resolve("state/hashes.tsv");

        Hashing first = Hashing.load(cache);
        assertThat(first.sha256(item(photo)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        first.save();

        // Same size and time, other content: the cache answers, so the file was not read again.
        FileTime time = Files.getLastModifiedTime(photo);
        Files.writeString(photo, "abd");
        Files.setLastModifiedTime(photo, time);
        assertThat(Hashing.load(cache).sha256(item(photo)))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

        // Touched: hashed again.
        Files.setLastModifiedTime(photo, FileTime.fromMillis(time.toMillis() + 2000));
        assertThat(Hashing.load(cache).sha256(item(photo)))
                .isEqualTo(Hashing.sha256Hex("abd".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aDamagedCacheIsIgnored() throws IOException {
        Path cache = folder.resolve("hashes.tsv");
        Files.writeString(cache, "not\ta\tnumber\tline\n3\tx\n");
        Path photo = folder.resolve("IMG.jpg");
        Files.writeString(photo, "abc");

        assertThat(Hashing.load(cache).sha256(item(photo))).startsWith("ba7816bf");
    }

    private static CameraRoll.Item item(Path file) throws IOException {
        return new CameraRoll.Item(
                file,
                file.getFileName().toString(),
                Files.size(file),
                Files.getLastModifiedTime(file).toMillis(),
                "image/jpeg");
    }
}
