package dev.camroll.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camroll.client.Consent;
import dev.camroll.client.ReceiptVerifier;
import dev.camroll.client.Verification;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The end of a run, checked from outside the service: the database (as the schema owner), the bucket (S3Proxy
 * itself, objects and unfinished multipart uploads) and the clients (each user's ledger and receipts, verified with
 * the client library's {@link ReceiptVerifier}).
 */
final class Verdicts {

    /** What a withdrawal keeps of a user, and why (docs/privacy.md, "What stays after a withdrawal"). */
    static final List<String> KEPT_AFTER_WITHDRAWAL =
            List.of("user_accounts", "consent_events", "consent_chain_heads", "access_log", "purges", "devices");

    private static final Pattern USER_OBJECT =
            Pattern.compile("u/([^/]+)/(original|preview|thumb|render)/([0-9a-f-]{36})(\\.jpg)?");

    private static final Pattern STAGED = Pattern.compile("staging/([0-9a-f-]{36})(/.*)?");

    private final DebianPostgres postgres;

    private final ObjectStoreServer store;

    private final List<User> users;

    private final Map<String, Verdict> verdicts = new LinkedHashMap<>();

    Verdicts(DebianPostgres postgres, ObjectStoreServer store, List<User> users) {
        this.postgres = postgres;
        this.store = store;
        this.users = users;
    }

    record Verdict(boolean pass, String detail) {}

    static S3Client s3(ObjectStoreServer store) {
        return S3Client.builder()
                .endpointOverride(store.directEndpoint())
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ObjectStoreServer.ACCESS_KEY, ObjectStoreServer.SECRET_KEY)))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    static void createBucket(ObjectStoreServer store) {
        try (S3Client s3 = s3(store)) {
            s3.createBucket(request -> request.bucket(ObjectStoreServer.BUCKET));
        }
    }

    /** Waits until every media of {@code users} (those who did not withdraw) is past analysis; answers how many processed. */
    static long awaitProcessed(DebianPostgres postgres, List<User> users, Duration timeout)
            throws InterruptedException {
        String[] subjects = users.stream()
                .filter(user -> !user.withdraws)
                .map(user -> user.subject)
                .toArray(String[]::new);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                long waiting = ClusterRig.count(
                        postgres, "SELECT count(*) FROM media WHERE subject = ANY (?) AND state = 'stored'", (Object)
                                subjects);
                if (waiting > 0 && System.nanoTime() > deadline) {
                    ClusterRig.progress("%d media still waiting for their analysis after %s", waiting, timeout);
                }
                if (waiting == 0 || System.nanoTime() > deadline) {
                    return ClusterRig.count(
                            postgres,
                            "SELECT count(*) FROM media WHERE subject = ANY (?) AND state = 'processed'",
                            (Object) subjects);
                }
            } catch (SQLException e) {
                // the database restarting: ask again
            }
            Thread.sleep(500);
        }
    }

    /**
     * Waits until nothing is left to do: no job due or running, no purge unfinished, no upload open. Answers how long
     * that took (the timeout when it did not happen; the verdicts then show what is left).
     */
    Duration awaitQuiet(Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < timeout.toNanos()) {
            try {
                long busy = ClusterRig.count(postgres, """
                        SELECT (SELECT count(*) FROM jobs WHERE state = 'running'
                                   OR (state = 'queued' AND run_at < now() + interval '2 minutes'))
                             + (SELECT count(*) FROM purges WHERE finished_at IS NULL)
                             + (SELECT count(*) FROM uploads WHERE state = 'open')
                        """);
                if (busy == 0) {
                    break;
                }
                if (System.nanoTime() - start + 1_000_000_000L >= timeout.toNanos()) {
                    ClusterRig.progress(
                            "not settled after %s: %d jobs due or running, purges unfinished and uploads open",
                            timeout, busy);
                }
            } catch (SQLException e) {
                // ask again
            }
            Thread.sleep(1000);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Checks everything; answers whether every verdict passed. */
    boolean check() throws Exception {
        Map<String, String> userKeys = userKeys();
        Listing listing = listBucket();
        try (Connection db = postgres.ownerConnection()) {
            acknowledgedUploads(db, listing);
            withdrawals(db, userKeys, listing);
            orphans(db, listing);
            jobs(db);
        }
        chains();
        return verdicts.values().stream().allMatch(Verdict::pass);
    }

    /** The verdicts as a Markdown table. */
    String table() {
        StringBuilder table = new StringBuilder("| verdict | result | detail |\n|---|---|---|\n");
        verdicts.forEach((name, verdict) -> table.append("| ")
                .append(name)
                .append(" | ")
                .append(verdict.pass() ? "pass" : "**FAIL**")
                .append(" | ")
                .append(verdict.detail().replace("|", "\\|").replace("\n", "<br>"))
                .append(" |\n"));
        return table.toString();
    }

    private void verdict(String name, boolean pass, String detail) {
        verdicts.put(name, new Verdict(pass, detail));
    }

    private record Listing(Set<String> objects, List<String> multipart) {}

    private Listing listBucket() {
        try (S3Client s3 = s3(store)) {
            Set<String> objects = new HashSet<>();
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(ObjectStoreServer.BUCKET))
                    .contents()) {
                objects.add(object.key());
            }
            List<String> multipart = new ArrayList<>();
            String keyMarker = null;
            String uploadMarker = null;
            while (true) {
                String keys = keyMarker;
                String uploads = uploadMarker;
                ListMultipartUploadsResponse page = s3.listMultipartUploads(request ->
                        request.bucket(ObjectStoreServer.BUCKET).keyMarker(keys).uploadIdMarker(uploads));
                for (MultipartUpload upload : page.uploads()) {
                    multipart.add(upload.key());
                }
                if (!Boolean.TRUE.equals(page.isTruncated())) {
                    break;
                }
                keyMarker = page.nextKeyMarker();
                uploadMarker = page.nextUploadIdMarker();
            }
            return new Listing(objects, multipart);
        }
    }

    private Map<String, String> userKeys() throws SQLException {
        Map<String, String> keys = new HashMap<>();
        try (Connection db = postgres.ownerConnection();
                ResultSet rows = db.createStatement().executeQuery("SELECT subject, user_key FROM user_accounts")) {
            while (rows.next()) {
                keys.put(rows.getString(1), rows.getString(2));
            }
        }
        return keys;
    }

    /**
     * Every content a phone saw acknowledged is one media row, processed, with its preview and thumbnail in the bucket
     * (and its original while kept); every line a phone announced ended acknowledged.
     */
    private void acknowledgedUploads(Connection db, Listing listing) throws SQLException {
        int acknowledged = 0;
        int missing = 0;
        int notProcessed = 0;
        int doubled = 0;
        int objectsMissing = 0;
        int unacknowledged = 0;
        List<String> examples = new ArrayList<>();
        Map<String, Integer> states = new TreeMap<>();
        for (User user : users) {
            if (user.withdraws) {
                continue;
            }
            Map<String, List<String[]>> media = new HashMap<>();
            try (PreparedStatement statement = db.prepareStatement("""
                    SELECT m.sha256, m.state, m.media_id::text, m.has_preview, m.original_kept, a.user_key, m.problem_type
                    FROM media m JOIN user_accounts a ON a.subject = m.subject WHERE m.subject = ?
                    """)) {
                statement.setString(1, user.subject);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        media.computeIfAbsent(rows.getString(1), sha -> new ArrayList<>())
                                .add(new String[] {
                                    rows.getString(2), rows.getString(3), String.valueOf(rows.getBoolean(4)),
                                    String.valueOf(rows.getBoolean(5)), rows.getString(6), rows.getString(7)
                                });
                    }
                }
            }
            Set<String> announced = user.announced();
            for (String sha : announced) {
                if (!user.acknowledged.contains(sha)) {
                    unacknowledged++;
                    example(examples, user.subject + ": a line never acknowledged " + sha.substring(0, 12));
                }
            }
            for (String sha : user.acknowledged) {
                acknowledged++;
                List<String[]> rows = media.getOrDefault(sha, List.of());
                if (rows.isEmpty()) {
                    missing++;
                    example(examples, user.subject + ": acknowledged, no media " + sha.substring(0, 12));
                    continue;
                }
                if (rows.size() > 1) {
                    doubled++;
                }
                String[] row = rows.get(0);
                states.merge(row[0], 1, Integer::sum);
                if (!row[0].equals("processed")) {
                    notProcessed++;
                    example(
                            examples,
                            user.subject + ": media " + row[1] + " is " + row[0]
                                    + (row[5] == null ? "" : " (" + row[5] + ")"));
                }
                String prefix = "u/" + row[4] + "/";
                List<String> expected = new ArrayList<>();
                if (Boolean.parseBoolean(row[2])) {
                    expected.add(prefix + "preview/" + row[1] + ".jpg");
                    expected.add(prefix + "thumb/" + row[1] + ".jpg");
                }
                if (Boolean.parseBoolean(row[3])) {
                    expected.add(prefix + "original/" + row[1]);
                }
                if (expected.isEmpty()) {
                    objectsMissing++;
                    example(examples, user.subject + ": media " + row[1] + " has neither preview nor original");
                }
                for (String key : expected) {
                    if (!listing.objects().contains(key)) {
                        objectsMissing++;
                        example(examples, "object missing: " + key);
                    }
                }
            }
        }
        List<String> problems = new ArrayList<>();
        users.stream()
                .filter(user -> !user.withdraws && !user.problems.isEmpty())
                .forEach(user -> problems.add(user.subject + ": " + new TreeMap<>(user.problems)));
        verdict(
                "every phone synced its whole camera roll",
                problems.isEmpty(),
                problems.isEmpty()
                        ? "no phone gave up or was refused"
                        : problems.size() + " users' phones did not finish: "
                                + String.join("; ", problems.subList(0, Math.min(10, problems.size()))));
        boolean clientsClean = problems.isEmpty();
        verdict(
                "every acknowledged upload stored and processed exactly once",
                missing + notProcessed + doubled + objectsMissing + unacknowledged == 0 && clientsClean,
                String.format(
                        "%d acknowledged contents of %d users: %d without media, %d doubled, %d not processed, %d objects missing; "
                                + "%d announced but never acknowledged; media states %s%s",
                        acknowledged,
                        users.stream().filter(user -> !user.withdraws).count(),
                        missing,
                        doubled,
                        notProcessed,
                        objectsMissing,
                        unacknowledged,
                        states,
                        examples.isEmpty() ? "" : "; " + String.join("; ", examples)));
    }

    /** Every withdrawn user: no rows but the kept ones, no objects, no multipart uploads, a verifying DATA_PURGED receipt. */
    private void withdrawals(Connection db, Map<String, String> userKeys, Listing listing) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows = db.createStatement()
                .executeQuery(
                        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'subject'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        tables.removeAll(KEPT_AFTER_WITHDRAWAL);
        List<String> leftRows = new ArrayList<>();
        List<String> leftObjects = new ArrayList<>();
        List<String> receipts = new ArrayList<>();
        int withdrawn = 0;
        for (User user : users) {
            if (!user.withdraws) {
                continue;
            }
            withdrawn++;
            for (String table : tables) {
                String sql = "SELECT count(*) FROM " + table + " WHERE subject = ?"
                        // Answers to consent decisions are replayed for a day (docs/privacy.md); nothing else may stay.
                        + (table.equals("idempotency_keys")
                                ? " AND convert_from(body, 'UTF8') NOT LIKE '%\"purpose\"%'"
                                : "");
                try (PreparedStatement statement = db.prepareStatement(sql)) {
                    statement.setString(1, user.subject);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        if (rows.getLong(1) > 0) {
                            leftRows.add(user.subject + ": " + rows.getLong(1) + " in " + table);
                        }
                    }
                }
            }
            String prefix = "u/" + userKeys.get(user.subject) + "/";
            listing.objects().stream().filter(key -> key.startsWith(prefix)).forEach(leftObjects::add);
            listing.multipart().stream()
                    .filter(key -> key.startsWith(prefix))
                    .map(key -> "multipart " + key)
                    .forEach(leftObjects::add);
            receipts.add(purgeReceipt(user));
        }
        verdict(
                "withdrawn users: no rows left",
                leftRows.isEmpty(),
                withdrawn + " users withdrew mid-sync; tables checked: " + tables.size()
                        + (leftRows.isEmpty() ? "" : "; left: " + leftRows));
        verdict(
                "withdrawn users: no objects left (multipart included)",
                leftObjects.isEmpty(),
                leftObjects.isEmpty()
                        ? "none under their prefixes"
                        : leftObjects.size() + " left, e.g. "
                                + leftObjects.subList(0, Math.min(5, leftObjects.size())));
        boolean allVerify = receipts.stream().allMatch(line -> line.endsWith("verifies"));
        verdict(
                "withdrawn users: DATA_PURGED receipt verifies",
                allVerify && withdrawn > 0,
                String.join("; ", receipts));
    }

    private String purgeReceipt(User user) {
        try {
            Consent.History history = user.client.consent().history();
            List<Consent.HistoryEntry> purged = history.entries().stream()
                    .filter(entry -> entry.type().equals("DATA_PURGED"))
                    .toList();
            if (purged.isEmpty()) {
                return user.subject + ": no DATA_PURGED entry";
            }
            Consent.HistoryEntry entry = purged.get(purged.size() - 1);
            Verification verification = verified(user, history);
            boolean receiptValid = verification.entries().stream()
                    .anyMatch(
                            check -> check.seq() == entry.seq() && check.receipt() == Verification.ReceiptStatus.VALID);
            return user.subject + ": DATA_PURGED " + entry.details()
                    + (receiptValid && verification.valid()
                            ? " verifies"
                            : " does NOT verify: " + verification.findings());
        } catch (RuntimeException e) {
            return user.subject + ": " + e;
        }
    }

    /** Every object and unfinished multipart upload in the bucket is owned by a row. */
    private void orphans(Connection db, Listing listing) throws SQLException {
        Map<String, String[]> media = new HashMap<>();
        try (ResultSet rows = db.createStatement().executeQuery("""
                SELECT m.media_id::text, a.user_key, m.has_preview, m.original_kept
                FROM media m JOIN user_accounts a ON a.subject = m.subject
                """)) {
            while (rows.next()) {
                media.put(rows.getString(1), new String[] {
                    rows.getString(2), String.valueOf(rows.getBoolean(3)), String.valueOf(rows.getBoolean(4))
                });
            }
        }
        Map<String, String> renders = new HashMap<>();
        try (ResultSet rows = db.createStatement().executeQuery("""
                SELECT s.suggestion_id::text, a.user_key FROM suggestions s JOIN user_accounts a ON a.subject = s.subject
                WHERE s.rendered AND s.removed_at IS NULL
                """)) {
            while (rows.next()) {
                renders.put(rows.getString(1), rows.getString(2));
            }
        }
        Set<String> openUploads = new HashSet<>();
        try (ResultSet rows = db.createStatement()
                .executeQuery("SELECT upload_id::text FROM uploads WHERE state = 'open' OR staging IS NOT NULL")) {
            while (rows.next()) {
                openUploads.add(rows.getString(1));
            }
        }
        List<String> orphans = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        for (String key : listing.objects()) {
            Matcher user = USER_OBJECT.matcher(key);
            Matcher staged = STAGED.matcher(key);
            boolean owned;
            if (user.matches()) {
                kinds.merge(user.group(2), 1, Integer::sum);
                String id = user.group(3);
                owned = switch (user.group(2)) {
                    case "original" ->
                        media.containsKey(id)
                                && media.get(id)[0].equals(user.group(1))
                                && Boolean.parseBoolean(media.get(id)[2]);
                    case "preview", "thumb" ->
                        media.containsKey(id)
                                && media.get(id)[0].equals(user.group(1))
                                && Boolean.parseBoolean(media.get(id)[1]);
                    default -> user.group(1).equals(renders.get(id));
                };
            } else if (staged.matches()) {
                kinds.merge("staging", 1, Integer::sum);
                owned = openUploads.contains(staged.group(1));
            } else {
                owned = false;
            }
            if (!owned) {
                orphans.add(key);
            }
        }
        // Unfinished multipart uploads belong to open uploads only; at rest there are none.
        List<String> multipart = listing.multipart();
        verdict(
                "no orphaned objects",
                orphans.isEmpty() && multipart.isEmpty(),
                String.format(
                        "%d objects in the bucket %s, %d unfinished multipart uploads; %d owned by no row%s",
                        listing.objects().size(),
                        kinds,
                        multipart.size(),
                        orphans.size(),
                        orphans.isEmpty() && multipart.isEmpty()
                                ? ""
                                : ", e.g. " + orphans.subList(0, Math.min(5, orphans.size())) + " "
                                        + multipart.subList(0, Math.min(5, multipart.size()))));
    }

    private void jobs(Connection db) throws SQLException {
        Map<String, Long> byState = new TreeMap<>();
        try (ResultSet rows =
                db.createStatement().executeQuery("SELECT type || ' ' || state, count(*) FROM jobs GROUP BY 1")) {
            while (rows.next()) {
                byState.put(rows.getString(1), rows.getLong(2));
            }
        }
        long running = byState.entrySet().stream()
                .filter(e -> e.getKey().endsWith(" running"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        long retried = ClusterRig.count(postgres, "SELECT count(*) FROM jobs WHERE attempts > 1");
        verdict(
                "jobs: none stuck running",
                running == 0,
                running + " running at rest; " + retried + " jobs needed more than one attempt; all jobs " + byState);
        List<String> dead = new ArrayList<>();
        try (ResultSet rows = db.createStatement()
                .executeQuery(
                        "SELECT type, attempts, last_error FROM jobs WHERE state = 'dead' ORDER BY updated_at LIMIT 10")) {
            while (rows.next()) {
                dead.add(rows.getString(1) + " after " + rows.getInt(2) + " attempts: " + rows.getString(3));
            }
        }
        verdict("jobs: none dead", dead.isEmpty(), dead.isEmpty() ? "no dead job" : String.join("; ", dead));
    }

    /** Every user's ledger: the service's own check and the client library's, receipts included. */
    private void chains() {
        List<String> broken = new ArrayList<>();
        int entries = 0;
        for (User user : users) {
            try {
                Consent.History history = user.client.consent().history();
                entries += history.entries().size();
                Verification verification = verified(user, history);
                if (!history.chain().valid() || !verification.valid()) {
                    broken.add(user.subject + ": service says "
                            + history.chain().valid() + ", client finds " + verification.findings());
                }
            } catch (RuntimeException e) {
                broken.add(user.subject + ": " + e);
            }
        }
        verdict(
                "every consent chain verifies (service and client, every receipt)",
                broken.isEmpty(),
                users.size() + " ledgers, " + entries + " entries" + (broken.isEmpty() ? "" : "; " + broken));
    }

    /** The user's ledger and every receipt, checked by the client library against the published keys. */
    private static Verification verified(User user, Consent.History history) {
        return new ReceiptVerifier(user.client.consent().jwks())
                .verify(user.subject, history.entries(), user.client.consent().receipts(history.entries()));
    }

    private static void example(List<String> examples, String example) {
        if (examples.size() < 8) {
            examples.add(example);
        }
    }
}
