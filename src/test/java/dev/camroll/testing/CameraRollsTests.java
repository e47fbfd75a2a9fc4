package dev.camroll.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import com.drew.imaging.FileType;
import com.drew.imaging.FileTypeDetector;
import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import dev.camroll.testing.CameraRolls.Role;
import dev.camroll.testing.CameraRolls.RollFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated camera rolls hold what the sync tests count on: real files of each kind, and copies of some. */
class CameraRollsTests {

    @TempDir
    Path work;

    @Test
    void aRollHoldsRealPhotosHeicsVideosCopiesABmpAndFilesToIgnore() throws Exception {
        CameraRolls.Roll roll = CameraRolls.write(work.resolve("roll"), CameraRolls.Recipe.of(40), 7);

        try (Stream<Path> written = Files.walk(roll.root())) {
            assertThat(written.filter(Files::isRegularFile).count())
                    .as("every file listed, nothing else written")
                    .isEqualTo(roll.files().size());
        }
        assertThat(roll.considered()).isEqualTo(40);
        assertThat(roll.withRole(Role.IGNORED)).hasSize(3);
        assertThat(roll.distinct()).hasSize(40 - 10 - 1);
        assertThat(roll.distinctSha256()).hasSize(roll.distinct().size());
        assertThat(roll.withRole(Role.DUPLICATE))
                .hasSize(10)
                .allSatisfy(copy -> assertThat(roll.distinctSha256()).contains(copy.sha256()));
        assertThat(roll.withRole(Role.PHOTO).stream().filter(photo -> photo.size() > 4_000_000))
                .hasSize(6);
        for (RollFile file : roll.files()) {
            Path path = roll.root().resolve(file.path());
            assertThat(Files.size(path)).isEqualTo(file.size());
            assertThat(TestFiles.sha256(Files.readAllBytes(path))).isEqualTo(file.sha256());
        }
        for (RollFile photo : roll.withRole(Role.PHOTO)) {
            assertThat(type(roll, photo)).isEqualTo(FileType.Jpeg);
            ExifSubIFDDirectory exif = ImageMetadataReader.readMetadata(
                            roll.root().resolve(photo.path()).toFile())
                    .getFirstDirectoryOfType(ExifSubIFDDirectory.class);
            assertThat(exif.getString(ExifSubIFDDirectory.TAG_DATETIME_ORIGINAL))
                    .as(photo.path())
                    .startsWith("2026:06:");
        }
        assertThat(roll.withRole(Role.HEIC))
                .hasSize(5)
                .allSatisfy(heic -> assertThat(type(roll, heic)).isEqualTo(FileType.Heif));
        assertThat(roll.withRole(Role.VIDEO).stream().map(video -> type(roll, video)))
                .containsExactlyInAnyOrder(
                        FileType.QuickTime,
                        FileType.QuickTime,
                        FileType.QuickTime,
                        FileType.Mp4,
                        FileType.Mp4,
                        FileType.Mp4);
        assertThat(roll.withRole(Role.UNSUPPORTED))
                .singleElement()
                .satisfies(bmp -> assertThat(type(roll, bmp)).isEqualTo(FileType.Bmp));
    }

    private static FileType type(CameraRolls.Roll roll, RollFile file) {
        try (var in =
                new java.io.BufferedInputStream(Files.newInputStream(roll.root().resolve(file.path())))) {
            return FileTypeDetector.detectFileType(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
