package dev.camroll.client;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.reflect.TypeToken;

/** The user's own data: the export of everything the service keeps, and the erasure of the account. */
public final class Account {

    private final Http http;

    Account(Http http) {
        this.http = http;
    }

    /**
     * Streams the export (one JSON document, possibly large) to {@code out} as it arrives. A failure after the first
     * bytes leaves a cut document: ask again.
     */
    public void export(OutputStream out) {
        http.download("/v1/me/export", out);
    }

    /** The export read into memory and parsed: for modest accounts, and to verify the ledger it holds offline. */
    public Export export() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export(out);
        return Export.parse(out.toByteArray());
    }

    /**
     * Erases the account (202): withdraws {@code cloud_processing} and purges media, suggestions, occasions and
     * devices by the deadline. The consent ledger and access log stay, marked erased (proof of consent).
     */
    public Erasure deleteAccount() {
        return http.json("DELETE", "/v1/me", null, Map.of(), Erasure.class);
    }

    /**
     * One of the caller's purges with the object keys it deleted, to check offline with {@link DeletionProof} against
     * its {@code DATA_PURGED} entry ({@code details.purgeId} names it).
     */
    public DeletionProof.Purge purge(String purgeId) {
        return http.get("/v1/me/purges/" + Http.segment(purgeId), DeletionProof.Purge.class);
    }

    /** The purge that carries an erasure out, and when it is due. */
    public record Erasure(String purgeId, String scope, Instant requestedAt, Instant deadline) {}

    /**
     * The parts of an export a client works with. {@code history} and {@code receipts} are ready for {@link
     * ReceiptVerifier#verify}; {@code json} is the whole document.
     */
    public record Export(
            Instant exportedAt,
            String subject,
            List<Consent.PurposeState> purposes,
            List<Consent.HistoryEntry> history,
            List<Consent.Receipt> receipts,
            Consent.Chain chain,
            List<Consent.Access> accessLog,
            List<Devices.Device> devices,
            List<Media.Item> media,
            List<Suggestions.Suggestion> suggestions,
            List<Suggestions.Occasion> occasions,
            JsonObject json) {

        /** An export document, as {@code camroll export} or {@link Account#export(java.io.OutputStream)} saved it. */
        public static Export parse(byte[] body) {
            JsonObject document = Json.tree(body).getAsJsonObject();
            JsonObject consent = document.getAsJsonObject("consent");
            List<Consent.HistoryEntry> history = new ArrayList<>();
            List<Consent.Receipt> receipts = new ArrayList<>();
            for (JsonElement entry : consent.getAsJsonArray("history")) {
                // Each entry is a history entry with its receipt beside its fields.
                history.add(Json.GSON.fromJson(entry, Consent.HistoryEntry.class));
                JsonElement receipt = entry.getAsJsonObject().get("receipt");
                if (receipt != null && receipt.isJsonObject()) {
                    receipts.add(Json.GSON.fromJson(receipt, Consent.Receipt.class));
                }
            }
            return new Export(
                    Json.GSON.fromJson(document.get("exportedAt"), Instant.class),
                    document.get("subject").getAsString(),
                    list(consent.getAsJsonArray("purposes"), new TypeToken<List<Consent.PurposeState>>() {}),
                    history,
                    receipts,
                    Json.GSON.fromJson(consent.get("chain"), Consent.Chain.class),
                    list(document.getAsJsonArray("accessLog"), new TypeToken<List<Consent.Access>>() {}),
                    list(document.getAsJsonArray("devices"), new TypeToken<List<Devices.Device>>() {}),
                    list(document.getAsJsonArray("media"), new TypeToken<List<Media.Item>>() {}),
                    list(document.getAsJsonArray("suggestions"), new TypeToken<List<Suggestions.Suggestion>>() {}),
                    list(document.getAsJsonArray("occasions"), new TypeToken<List<Suggestions.Occasion>>() {}),
                    document);
        }

        private static <T> List<T> list(JsonArray array, TypeToken<List<T>> type) {
            return array == null ? List.of() : Json.GSON.fromJson(array, type.getType());
        }
    }
}
