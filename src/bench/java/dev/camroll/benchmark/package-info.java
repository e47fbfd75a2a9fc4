/**
 * The benchmarks, plain programs run by {@code ./mvnw -q -Pbenchmark -DskipTests verify} (with {@code -Dbench.run}
 * naming which), never by the test suite. Each starts the packaged service as a separate process and drives it over
 * real HTTP, like a phone would, reading its database and {@code /proc} for what the API does not show:
 * <ul>
 * <li>uploads (issue 3, point 6): MB/s through tus into the filesystem store next to the raw disk path of the same
 * filesystem, and the service's peak memory while parallel uploads run at a small heap ({@link UploadBenchmark});</li>
 * <li>media analysis (issue 4): the whole queue's rate against the bare analysis, and settling a batch with bombs
 * and broken files at {@code -Xmx512m} ({@link AnalysisBenchmark});</li>
 * <li>suggestions (issue 5): a 10,000-photo library built from scratch, 50-photo batches updating it, and
 * collages rendered ({@link SuggestionBenchmark});</li>
 * <li>purges: withdrawal to {@code DATA_PURGED} for big libraries ({@link PurgeBenchmark});</li>
 * <li>small requests (issue 16): reads against a minimal authenticated endpoint, consent decisions against pgbench
 * doing a ledger append's work on the same PostgreSQL ({@link RequestBenchmark});</li>
 * <li>start-up of the embedded mode (issue 16), fresh and restarted, with its phases ({@link StartupBenchmark});</li>
 * <li>photos (issue 16): 4 MiB uploads four at a time against the raw durable path and the Node.js tus server
 * ({@link PhotoBenchmark});</li>
 * <li>thumbnails (issue 16): 12 MP photos from the first upload byte to processed, against libvips'
 * {@code vipsthumbnail} making the same preview and thumbnail, and the previews' SSIM against a full decode
 * ({@link ThumbnailBenchmark}).</li>
 * </ul>
 */
package dev.camroll.benchmark;
