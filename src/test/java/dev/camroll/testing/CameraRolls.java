package dev.camroll.testing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import dev.camroll.media.MediaSamples;

/**
 * Camera rolls as a phone's export lays them out ({@code DCIM/100APPLE/IMG_0001.JPG}, {@code DCIM/Camera/VID_...mp4}),
 * for the tests that sync a folder: JPEGs with EXIF capture times (each different), a few of them several MB, a few
 * HEICs (heif-enc), short MP4 and MOV clips (ffmpeg), byte-identical copies under other names, a BMP the service does
 * not accept, and files a sync ignores (an iPhone's .AAE sidecar, .DS_Store, a .txt).
 */
public final class CameraRolls {

    private static final DateTimeFormatter EXIF_TIME = DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss");

    /** The first capture; each file of a roll is taken a few minutes after the one before. */
    private static final LocalDateTime FIRST_CAPTURE = LocalDateTime.of(2026, 6, 1, 8, 0);

    private CameraRolls() {}

    /** What a file is to a sync. */
    public enum Role {
        PHOTO,
        HEIC,
        VIDEO,
        /** A byte-identical copy of another file of the roll, under another name. */
        DUPLICATE,
        /** A picture of a type the service does not accept (BMP): announced, and rejected. */
        UNSUPPORTED,
        /** A file that is no media: never announced. */
        IGNORED
    }

    /** A file of the roll: its path relative to the roll ({@code /}-separated), role, size and SHA-256. */
    public record RollFile(String path, Role role, long size, String sha256) {

        /** Whether the service stores it (once per content). */
        public boolean isMedia() {
            return role == Role.PHOTO || role == Role.HEIC || role == Role.VIDEO;
        }
    }

    /** How many files of each kind a roll holds; {@code largePhotos} are {@code largeBytes} each, about. */
    public record Recipe(
            int photos, int largePhotos, int largeBytes, int heics, int mp4s, int movs, int duplicates, boolean bmp) {

        /**
         * A roll of {@code files} files for a sync to consider (besides the three it ignores): six photos of about 5 MB
         * among small ones (about 65 KB), 5 HEICs, 3 MP4s, 3 MOVs, 10 copies and one BMP.
         */
        public static Recipe of(int files) {
            int others = 6 + 5 + 3 + 3 + 10 + 1;
            if (files < others + 1) {
                throw new IllegalArgumentException("a roll of this recipe has at least " + (others + 1) + " files");
            }
            return new Recipe(files - others, 6, 5_000_000, 5, 3, 3, 10, true);
        }

        /** The files a sync considers: all but the ignored ones. */
        public int files() {
            return photos + largePhotos + heics + mp4s + movs + duplicates + (bmp ? 1 : 0);
        }
    }

    /** A roll written to {@code root}. */
    public record Roll(Path root, List<RollFile> files) {

        public List<RollFile> withRole(Role role) {
            return files.stream().filter(file -> file.role() == role).toList();
        }

        /** The media files, each content once: what the service should hold after a sync. */
        public List<RollFile> distinct() {
            return files.stream().filter(RollFile::isMedia).toList();
        }

        public Set<String> distinctSha256() {
            Set<String> sha256 = new LinkedHashSet<>();
            distinct().forEach(file -> sha256.add(file.sha256()));
            return sha256;
        }

        /** The bytes a sync must send, each file once. */
        public long distinctBytes() {
            return distinct().stream().mapToLong(RollFile::size).sum();
        }

        /** The files a sync considers (announces): all but the ignored ones. */
        public int considered() {
            return files.size() - withRole(Role.IGNORED).size();
        }
    }

    /** Writes a roll of {@code recipe} under {@code root}; {@code seed} makes its contents (the same seed, the same roll). */
    public static Roll write(Path root, Recipe recipe, long seed) {
        try {
            return new Writer(root, seed).write(recipe);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Writer {

        private final Path root;

        private final long seed;

        private final List<RollFile> files = new ArrayList<>();

        /** The iPhone's running file number (IMG_0001 ...), a hundred to a folder (100APPLE, 101APPLE, ...). */
        private int number;

        private LocalDateTime captured = FIRST_CAPTURE;

        Writer(Path root, long seed) {
            this.root = root;
            this.seed = seed;
        }

        Roll write(Recipe recipe) throws Exception {
            Files.createDirectories(root);
            int stills = recipe.photos() + recipe.largePhotos() + recipe.heics() + recipe.movs();
            // The large photos, HEICs and MOVs take turns at places spread evenly over the roll, as a phone takes them
            // among the others.
            List<Role> specials = new ArrayList<>();
            int[] left = {recipe.largePhotos(), recipe.heics(), recipe.movs()};
            while (left[0] + left[1] + left[2] > 0) {
                for (int kind = 0; kind < 3; kind++) {
                    if (left[kind] > 0) {
                        left[kind]--;
                        specials.add(kind == 0 ? Role.PHOTO : kind == 1 ? Role.HEIC : Role.VIDEO);
                    }
                }
            }
            Role[] at = new Role[stills]; // PHOTO: a large one; null: a small one
            for (int i = 0; i < specials.size(); i++) {
                at[(int) ((long) stills * (2 * i + 1) / (2L * specials.size()))] = specials.get(i);
            }
            for (int i = 0; i < stills; i++) {
                if (at[i] == Role.PHOTO) {
                    photo("JPG", large(recipe.largeBytes(), seed * 10_000 + i));
                } else if (at[i] == Role.HEIC) {
                    heic();
                } else if (at[i] == Role.VIDEO) {
                    video("mov");
                } else {
                    // Now and then a lower-case or .jpeg extension, as exports from other apps have.
                    String extension = i % 17 == 5 ? "jpeg" : i % 13 == 7 ? "jpg" : "JPG";
                    photo(extension, MediaSamples.jpeg(MediaSamples.photo(480, 360, seed * 10_000 + i)));
                }
            }
            for (int i = 0; i < recipe.mp4s(); i++) {
                video("mp4");
            }
            copies(recipe.duplicates());
            if (recipe.bmp()) {
                bmp();
            }
            ignored();
            List<RollFile> media = files.stream().filter(RollFile::isMedia).toList();
            if (new HashSet<>(media.stream().map(RollFile::sha256).toList()).size() != media.size()) {
                throw new IllegalStateException("two media files of the roll have the same content");
            }
            return new Roll(root, List.copyOf(files));
        }

        private void photo(String extension, byte[] jpeg) throws IOException {
            byte[] withExif = MediaSamples.exif()
                    .takenAt(EXIF_TIME.format(nextCapture()))
                    .offsetOriginal("+02:00")
                    .camera("Apple", "iPhone 15 Pro")
                    .into(jpeg);
            add(nextName(extension), Role.PHOTO, withExif);
        }

        /**
         * A 4:3 JPEG of about {@code bytes}: random pixels, which the encoder cannot shrink (about a byte per pixel at
         * the quality of {@link MediaSamples#jpeg}), filled straight into the raster because that is quick.
         */
        private static byte[] large(int bytes, long seed) {
            int width = (int) Math.sqrt(bytes * 4.0 / 3);
            BufferedImage image = new BufferedImage(width, width * 3 / 4, BufferedImage.TYPE_INT_RGB);
            int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextInt(0x1000000);
            }
            return MediaSamples.jpeg(image);
        }

        private void heic() throws Exception {
            byte[] source = MediaSamples.exif()
                    .takenAt(EXIF_TIME.format(nextCapture()))
                    .camera("Apple", "iPhone 15 Pro")
                    .into(MediaSamples.jpeg(MediaSamples.photo(480, 360, seed * 10_000 + 5_000 + number)));
            Path scratch = Files.createTempDirectory("camroll-heic");
            try {
                Path encoded = MediaSamples.heic(scratch, source, "photo.heic");
                add(nextName("HEIC"), Role.HEIC, Files.readAllBytes(encoded));
            } finally {
                try (Stream<Path> left = Files.list(scratch)) {
                    for (Path file : left.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(scratch);
            }
        }

        /** A clip of a second made by ffmpeg: an iPhone's MOV in the running numbering, or an Android MP4. */
        private void video(String container) throws Exception {
            LocalDateTime at = nextCapture();
            String path = container.equals("mov")
                    ? nextName("MOV")
                    : "DCIM/Camera/VID_" + at.format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + ".mp4";
            Path target = root.resolve(path);
            Files.createDirectories(target.getParent());
            Process ffmpeg;
            List<String> command = List.of(
                    "ffmpeg",
                    "-hide_banner",
                    "-loglevel",
                    "error",
                    "-y",
                    "-f",
                    "lavfi",
                    "-i",
                    "testsrc=duration=1:size=320x240:rate=15",
                    "-pix_fmt",
                    "yuv420p",
                    "-c:v",
                    "libx264",
                    // The clip's own time and title make each file different (the picture is the same).
                    "-metadata",
                    "creation_time=" + at.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "Z",
                    "-metadata",
                    "title=" + path + " " + seed,
                    "-f",
                    container,
                    target.toString());
            try {
                ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new IllegalStateException(
                        "ffmpeg is needed to make the camera roll's videos: install Debian's ffmpeg (.ci/run does). "
                                + e.getMessage(),
                        e);
            }
            String output = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!ffmpeg.waitFor(60, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
                ffmpeg.destroyForcibly();
                throw new IllegalStateException("ffmpeg failed for " + path + ": " + output);
            }
            record(path, Role.VIDEO, Files.readAllBytes(target));
        }

        /**
         * Copies of media files elsewhere, as a messenger or another backup app leaves them: of a HEIC and a video (when
         * the roll has them), the rest of photos.
         */
        private void copies(int count) throws IOException {
            List<RollFile> originals = new ArrayList<>();
            withRole(Role.HEIC).stream().findFirst().ifPresent(originals::add);
            withRole(Role.VIDEO).stream().findFirst().ifPresent(originals::add);
            List<RollFile> photos = withRole(Role.PHOTO);
            for (int i = originals.size(); i < count; i++) {
                originals.add(photos.get((i * 37) % photos.size()));
            }
            for (int i = 0; i < count; i++) {
                RollFile original = originals.get(i);
                String name = Path.of(original.path()).getFileName().toString();
                int dot = name.lastIndexOf('.');
                String copy = i % 2 == 0
                        ? "WhatsApp/Media/" + name.substring(0, dot) + "-WA" + String.format("%04d", i)
                                + name.substring(dot)
                        : "Camera Uploads/" + name.substring(0, dot) + " " + (i + 1) + name.substring(dot);
                add(copy, Role.DUPLICATE, Files.readAllBytes(root.resolve(original.path())));
            }
        }

        private List<RollFile> withRole(Role role) {
            return files.stream().filter(file -> file.role() == role).toList();
        }

        private void bmp() throws IOException {
            BufferedImage picture = MediaSamples.photo(64, 48, seed);
            ByteArrayOutputStream bmp = new ByteArrayOutputStream();
            if (!ImageIO.write(picture, "bmp", bmp)) {
                throw new IllegalStateException("no ImageIO writer for BMP");
            }
            add("Scans/scan-0001.bmp", Role.UNSUPPORTED, bmp.toByteArray());
        }

        private void ignored() throws IOException {
            add(".DS_Store", Role.IGNORED, TestFiles.random(6148, seed));
            add(
                    "DCIM/100APPLE/IMG_0001.AAE",
                    Role.IGNORED,
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<plist version=\"1.0\"><dict/></plist>\n"
                            .getBytes(StandardCharsets.UTF_8));
            add("README.txt", Role.IGNORED, "Exported from my phone.\n".getBytes(StandardCharsets.UTF_8));
        }

        private String nextName(String extension) {
            number++;
            return "DCIM/" + (100 + (number - 1) / 100) + "APPLE/IMG_" + String.format("%04d", number) + "."
                    + extension;
        }

        private LocalDateTime nextCapture() {
            captured = captured.plusMinutes(7);
            return captured;
        }

        private void add(String path, Role role, byte[] content) throws IOException {
            Path target = root.resolve(path);
            Files.createDirectories(target.getParent());
            Files.write(target, content);
            record(path, role, content);
        }

        private void record(String path, Role role, byte[] content) {
            files.add(new RollFile(path, role, content.length, TestFiles.sha256(content)));
        }
    }
}
