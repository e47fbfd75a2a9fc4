package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** A PATCH across a withdrawal on the filesystem store (the embedded default). */
class FilesystemWithdrawalRaceTests extends WithdrawalRaceContract {

    /** Every file under the store's directory, temporary files of interrupted writes included. */
    @Override
    List<String> everythingStored(String... finalKeys) {
        Path objects = settings.dataDir().resolve("objects");
        try (Stream<Path> files = Files.walk(objects)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> objects.relativize(file).toString())
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
