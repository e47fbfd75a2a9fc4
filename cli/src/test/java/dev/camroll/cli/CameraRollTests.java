package dev.camroll.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CameraRollTests {

    @TempDir
    Path folder;

    @Test
    void photosAndVideosAreFoundByExtensionAnywhereBelowTheFolderAndEverythingElseIsIgnored() throws IOException {
        write("DCIM/100APPLE/IMG_0001.JPG", 10);
        write("DCIM/100APPLE/IMG_0002.heic", 11);
        write("DCIM/100APPLE/IMG_0003.MOV", 12);
        write("Camera/PXL_20250614.mp4", 13);
        write("Camera/scan.tiff", 14);
        write("Camera/notes.txt", 15);
        write("Camera/.DS_Store", 16);
        write(".thumbnails/IMG_0001.jpg", 17);
        write("Camera/empty.jpg", 0);

        CameraRoll.Scan scan = CameraRoll.scan(folder);

        assertThat(scan.items())
                .extracting(CameraRoll.Item::assetId, CameraRoll.Item::mimeType, CameraRoll.Item::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("Camera/PXL_20250614.mp4", "video/mp4", "video"),
                        org.assertj.core.groups.Tuple.tuple("Camera/scan.tiff", "image/tiff", "photo"),
                        org.assertj.core.groups.Tuple.tuple("DCIM/100APPLE/IMG_0001.JPG", "image/jpeg", "photo"),
                        org.assertj.core.groups.Tuple.tuple("DCIM/100APPLE/IMG_0002.heic", "image/heic", "photo"),
                        org.assertj.core.groups.Tuple.tuple("DCIM/100APPLE/IMG_0003.MOV", "video/quicktime", "video"));
        assertThat(scan.ignored())
                .as("notes.txt, .DS_Store, the empty file; hidden folders are not entered")
                .isEqualTo(3);
        assertThat(scan.bytes()).isEqualTo(10 + 11 + 12 + 13 + 14);
    }

    @Test
    void anAssetIdTooLongForTheServiceBecomesAStableDigestWithTheFileName() {
        Path deep = Path.of("a".repeat(120), "b".repeat(120), "IMG_0001.JPG");

        String id = CameraRoll.assetId(deep);

        assertThat(id).hasSizeLessThanOrEqualTo(200).endsWith("/IMG_0001.JPG").isEqualTo(CameraRoll.assetId(deep));
        assertThat(CameraRoll.assetId(Path.of("DCIM", "IMG_0001.JPG"))).isEqualTo("DCIM/IMG_0001.JPG");
    }

    @Test
    void aFileThatIsNotAFolderIsRefused() throws IOException {
        Path file = write("IMG.jpg", 3);

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> CameraRoll.scan(file))
                .withMessageContaining("is not a folder");
    }

    private Path write(String name, int size) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[size]);
        return file;
    }
}
