package dev.camroll.transparency.internal;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import dev.camroll.api.Examples;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The log, public (no authentication), as C2SP tlog-tiles lays it out under the prefix {@code /v1/consent/log}: the
 * newest checkpoint, the hash tiles and the entry bundles, so any standard tool can mirror and audit it; plus the
 * verifier key and consistency proofs between two sizes. Nothing beyond the newest checkpoint is served.
 */
@RestController
@Tag(name = "transparency", description = "The public transparency log of every consent ledger entry (C2SP tlog-tiles)")
class LogController {

    static final String PREFIX = "/v1/consent/log";

    private static final int TILE_WIDTH = 256;

    private static final MediaType TEXT = MediaType.parseMediaType("text/plain; charset=utf-8");

    private static final CacheControl IMMUTABLE =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable();

    private final LogTables tables;

    private final TransparencyLog log;

    private final Checkpoints checkpoints;

    LogController(LogTables tables, TransparencyLog log, Checkpoints checkpoints) {
        this.tables = tables;
        this.log = log;
        this.checkpoints = checkpoints;
    }

    /** A consistency proof: hashes in base64, as RFC 9162 2.1.4 orders them. */
    record Consistency(long from, long to, List<String> proof) {}

    @GetMapping(value = PREFIX + "/checkpoint", produces = "text/plain")
    @ProblemResponses({"not-found"})
    @Operation(
            operationId = "getLogCheckpoint",
            summary = "The newest signed checkpoint of the transparency log (C2SP tlog-checkpoint, no authentication)",
            description = "The log follows C2SP tlog-tiles with the prefix /v1/consent/log: besides this checkpoint, "
                    + "hash tiles at /v1/consent/log/tile/{L}/{N}[.p/{W}] and entry bundles at "
                    + "/v1/consent/log/tile/entries/{N}[.p/{W}] (application/octet-stream, immutable), N written as "
                    + "x001/x234/067, only within this checkpoint. An entry is HMAC-SHA256(the user's salt, the ledger "
                    + "entry's hash); a receipt's proof carries the salt.")
    @SecurityRequirements
    ResponseEntity<String> checkpoint() {
        LogTables.Checkpoint checkpoint = newest();
        return ResponseEntity.ok()
                .contentType(TEXT)
                .cacheControl(CacheControl.maxAge(Duration.ofSeconds(2)).cachePublic())
                .body(checkpoint.note());
    }

    @GetMapping(value = PREFIX + "/key", produces = "text/plain")
    @Operation(
            operationId = "getLogKey",
            summary = "The verifier key of the log's checkpoints (signed-note format, no authentication)")
    @SecurityRequirements
    ResponseEntity<String> key() {
        return ResponseEntity.ok()
                .contentType(TEXT)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .body(checkpoints.verifierKey() + "\n");
    }

    @GetMapping(PREFIX + "/consistency")
    @ProblemResponses({"invalid-request", "not-found"})
    @Operation(
            operationId = "getLogConsistency",
            summary = "The consistency proof between two sizes of the log (RFC 9162 2.1.4, no authentication)",
            description = "`to` defaults to the newest checkpoint's size; both sizes must be within it.")
    @Examples(response = """
            {"from": 40, "to": 42, "proof": ["oVUTtAlV7eFhVWgK3MbGcjqcvlr5ilNfg8Ux64BWqmE=", \
            "HqbUFyO4vVvqTHiD2H0ZXkPiItuF3BwaT/1P9GS4R3E="]}""")
    @SecurityRequirements
    Consistency consistency(@RequestParam long from, @RequestParam(required = false) @Nullable Long to) {
        long newest = newest().size();
        long upTo = to == null ? newest : to;
        if (from < 1 || from > upTo) {
            throw ProblemException.invalid("from", "from must be at least 1 and at most to (" + upTo + ").");
        }
        if (upTo > newest) {
            throw ProblemException.invalid("to", "The newest checkpoint is of size " + newest + ".");
        }
        List<String> proof = log.consistency(from, upTo).stream()
                .map(hash -> Base64.getEncoder().encodeToString(hash))
                .toList();
        return new Consistency(from, upTo, proof);
    }

    @GetMapping(value = PREFIX + "/tile/entries/{*path}", produces = "application/octet-stream")
    @ProblemResponses({"not-found"})
    @Hidden // OpenAPI cannot template tlog-tiles' multi-segment N; the checkpoint operation describes the tiles
    ResponseEntity<byte[]> entries(@PathVariable String path) {
        Tile tile = Tile.parse(path, 0);
        covered(tile);
        List<byte[]> entries = tables.entries(tile.start(), tile.width());
        ByteArrayOutputStream bundle = new ByteArrayOutputStream(entries.size() * 34);
        for (byte[] entry : entries) {
            bundle.write(entry.length >> 8);
            bundle.write(entry.length & 0xff);
            bundle.writeBytes(entry);
        }
        return binary(bundle.toByteArray());
    }

    @GetMapping(value = PREFIX + "/tile/{level}/{*path}", produces = "application/octet-stream")
    @ProblemResponses({"not-found"})
    @Hidden
    ResponseEntity<byte[]> tile(@PathVariable String level, @PathVariable String path) {
        if (!level.matches("0|[1-9][0-9]?") || Integer.parseInt(level) > 63) {
            throw ProblemException.notFound("No tile level '" + level + "'.");
        }
        int l = Integer.parseInt(level);
        Tile tile = Tile.parse(path, l);
        covered(tile);
        List<byte[]> hashes = tables.row(8 * l, tile.index() * TILE_WIDTH, tile.width());
        ByteArrayOutputStream body = new ByteArrayOutputStream(hashes.size() * 32);
        hashes.forEach(body::writeBytes);
        return binary(body.toByteArray());
    }

    private LogTables.Checkpoint newest() {
        return tables.latestCheckpoint().orElseThrow(() -> ProblemException.notFound("The log has no checkpoint yet."));
    }

    /** Only what the newest checkpoint covers is served: tiles beyond it could still change width. */
    private void covered(Tile tile) {
        long size = newest().size();
        // The tile's last hash covers leaves up to (index * 256 + width) * 256^level.
        long levelWidth = 1L << (8 * tile.level());
        if (tile.level() > 7 || (tile.index() * TILE_WIDTH + tile.width()) > size / levelWidth) {
            throw ProblemException.notFound("The newest checkpoint (size " + size + ") has no such tile.");
        }
    }

    private static ResponseEntity<byte[]> binary(byte[] body) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .cacheControl(IMMUTABLE)
                .body(body);
    }

    /** A tile's address: level, index N, width W (256 unless partial). */
    record Tile(int level, long index, int width) {

        long start() {
            return index * TILE_WIDTH;
        }

        /** Parses {@code /x001/x234/067} or {@code /x001/x234/067.p/5}, as tlog-tiles encodes N and W. */
        static Tile parse(String path, int level) {
            String[] parts = path.startsWith("/") ? path.substring(1).split("/", -1) : path.split("/", -1);
            int width = TILE_WIDTH;
            int last = parts.length - 1;
            if (parts.length >= 2 && parts[last - 1].endsWith(".p")) {
                if (!parts[last].matches("[1-9][0-9]{0,2}") || Integer.parseInt(parts[last]) > 255) {
                    throw ProblemException.notFound("No tile width '" + parts[last] + "'.");
                }
                width = Integer.parseInt(parts[last]);
                last--;
                parts[last] = parts[last].substring(0, parts[last].length() - 2);
            }
            if (last < 0 || last > 6 || (last > 0 && parts[0].equals("x000"))) {
                throw ProblemException.notFound("No tile '" + path + "'.");
            }
            long index = 0;
            for (int i = 0; i <= last; i++) {
                String part = parts[i];
                String digits = i < last && part.startsWith("x") ? part.substring(1) : part;
                if (!digits.matches("[0-9]{3}") || (i < last) != part.startsWith("x")) {
                    throw ProblemException.notFound("No tile '" + path + "'.");
                }
                index = index * 1000 + Integer.parseInt(digits);
            }
            return new Tile(level, index, width);
        }
    }
}
