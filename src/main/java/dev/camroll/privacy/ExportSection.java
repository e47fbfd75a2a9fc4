package dev.camroll.privacy;

/**
 * The parts of the user's export that other modules contribute ({@link PersonalData#export}). They are named here,
 * not by the modules, because the export's shape is a public contract: a new part is a change of that contract.
 */
public enum ExportSection {

    /** The devices as the app registered them ({@code GET /v1/devices/{deviceId}}). */
    DEVICES("devices"),

    /** The batch manifests as the app sent them, each line with the service's decision. */
    BATCHES("batches"),

    /** The media's metadata as {@code GET /v1/media} shows it (no bytes). */
    MEDIA("media"),

    /** Every suggestion that holds, dismissed ones too, as {@code GET /v1/suggestions} shows it. */
    SUGGESTIONS("suggestions"),

    /** The dates the user wants remembered ({@code GET /v1/me/occasions}). */
    OCCASIONS("occasions");

    private final String key;

    ExportSection(String key) {
        this.key = key;
    }

    /** The section's name in the export document. */
    public String key() {
        return key;
    }
}
