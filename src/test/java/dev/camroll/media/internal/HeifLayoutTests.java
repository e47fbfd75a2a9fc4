package dev.camroll.media.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.camroll.media.MediaSamples.ascii;
import static dev.camroll.media.MediaSamples.box;
import static dev.camroll.media.MediaSamples.concat;
import static dev.camroll.media.MediaSamples.u32;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The primary image of a HEIF file, on hand-made box structures shaped like a phone's tiled HEIC (ISO/IEC 23008-12
 * item properties): the first size in the file is a tile's, the primary item's comes later.
 */
class HeifLayoutTests {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "ipma version {0}, flags {1}")
    @CsvSource({"0, 0", "0, 1", "1, 0", "1, 1"})
    void thePrimaryItemsSizeAndTurnAreReadNotTheFirstTiles(int ipmaVersion, int ipmaFlags) {
        Path file = MediaSamples.write(dir, "tiled.heic", tiledHeic(ipmaVersion, ipmaFlags, 1));

        assertThat(HeifLayout.read(file)).contains(new HeifLayout.Primary(4032, 3024, 90));
    }

    @Test
    void theMetadataOfATiledHeicGivesThePictureAsDisplayed() {
        Path file = MediaSamples.write(dir, "portrait.heic", tiledHeic(0, 0, 3));

        MediaFacts facts = new MetadataReader().read(file);

        // Stored 4032 x 3024, turned 270 degrees anticlockwise for display: a portrait picture.
        assertThat(facts.width()).isEqualTo(3024);
        assertThat(facts.height()).isEqualTo(4032);
    }

    @Test
    void anUnturnedPrimaryKeepsItsSize() {
        Path file = MediaSamples.write(dir, "landscape.heic", tiledHeic(0, 0, 0));

        assertThat(HeifLayout.read(file)).contains(new HeifLayout.Primary(4032, 3024, 0));
        assertThat(new MetadataReader().read(file).width()).isEqualTo(4032);
    }

    @Test
    void truncatedOrForeignFilesHaveNoLayout() {
        byte[] whole = tiledHeic(0, 0, 1);

        for (int cut : new int[] {0, 10, 30, whole.length - 5}) {
            Path file = MediaSamples.write(dir, "cut" + cut + ".heic", Arrays.copyOf(whole, cut));
            assertThat(HeifLayout.read(file)).as("cut at %d", cut).isEmpty();
        }
        assertThat(HeifLayout.read(MediaSamples.write(dir, "random.heic", TestFiles.random(5_000, 4))))
                .isEmpty();
        assertThat(HeifLayout.read(
                        MediaSamples.write(dir, "photo.jpg", MediaSamples.jpeg(MediaSamples.markedUpright(40, 30)))))
                .isEqualTo(Optional.empty());
    }

    @Test
    void aMetaBoxClaimingGigabytesIsNotRead() {
        byte[] ftyp = box("ftyp", concat(ascii("heic"), u32(0), ascii("mif1")));
        byte[] hostile = concat(ftyp, u32(0xfff0_0000L), ascii("meta"), new byte[64]);

        assertThat(HeifLayout.read(MediaSamples.write(dir, "hostile.heic", hostile)))
                .isEmpty();
    }

    /**
     * ftyp + meta with hdlr, pitm (item 49), iprp: ipco holds a tile's ispe (512 x 512) first, then the grid's ispe
     * (4032 x 3024) and an irot; ipma links item 1 (a tile) to the first and item 49 (the primary) to the others.
     */
    private static byte[] tiledHeic(int ipmaVersion, int ipmaFlags, int irot) {
        byte[] ftyp = box("ftyp", concat(ascii("heic"), u32(0), ascii("mif1"), ascii("heic")));
        byte[] hdlr = box("hdlr", concat(u32(0), u32(0), ascii("pict"), new byte[12], new byte[] {0}));
        byte[] pitm = box("pitm", concat(u32(0), new byte[] {0, 49}));
        byte[] ipco = box("ipco", concat(ispe(512, 512), ispe(4032, 3024), box("irot", new byte[] {(byte) irot})));
        ByteArrayOutputStream ipma = new ByteArrayOutputStream();
        ipma.writeBytes(u32(((long) ipmaVersion << 24) | ipmaFlags));
        ipma.writeBytes(u32(2));
        for (Object[] entry : List.of(new Object[] {1, new int[] {1}}, new Object[] {49, new int[] {2, 3}})) {
            int item = (Integer) entry[0];
            int[] indexes = (int[]) entry[1];
            ipma.writeBytes(ipmaVersion < 1 ? new byte[] {(byte) (item >> 8), (byte) item} : u32(item));
            ipma.write(indexes.length);
            for (int index : indexes) {
                // The essential bit (top) is set on the first association, as writers do for decoder configuration.
                int essential = index == indexes[0] ? 1 : 0;
                if ((ipmaFlags & 1) == 1) {
                    ipma.writeBytes(ByteBuffer.allocate(2)
                            .putShort((short) ((essential << 15) | index))
                            .array());
                } else {
                    ipma.write((essential << 7) | index);
                }
            }
        }
        byte[] iprp = box("iprp", concat(ipco, box("ipma", ipma.toByteArray())));
        return concat(ftyp, box("meta", concat(u32(0), hdlr, pitm, iprp)));
    }

    private static byte[] ispe(int width, int height) {
        return box("ispe", concat(u32(0), u32(width), u32(height)));
    }
}
