package dev.camroll.upload;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PurgeScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A user's uploads in a purge: requests still writing are waited for, staged bytes removed, then the rows. */
@Component
class UploadErasure implements PersonalData {

    private static final int BATCH = 100;

    private final JdbcClient jdbc;

    private final UploadRows rows;

    private final StagedBytes bytes;

    UploadErasure(JdbcClient jdbc, UploadRows rows, StagedBytes bytes) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.bytes = bytes;
    }

    /** A request holding a write lease may still stage bytes or complete them to the final key. */
    @Override
    public boolean writing(String subject) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM uploads WHERE subject = ? AND writer_until > now())")
            .param(subject)
            .query(Boolean.class)
            .single();
    }

    @Override
    public void removeBytesOutsidePrefix(String subject, Consumer<List<String>> beforeDeleting) {
        List<Object[]> ended = rows.withStagedBytesToRemove(subject, BATCH);
        while (!ended.isEmpty()) {
            beforeDeleting.accept(ended.stream().map(upload -> StagedBytes.state((String) upload[1]).stagingKey()).toList());
            for (Object[] upload : ended) {
                if (!bytes.remove((UUID) upload[0], (String) upload[1])) {
                    throw new IllegalStateException("the staged bytes of upload " + upload[0] + " could not be removed yet");
                }
            }
            ended = rows.withStagedBytesToRemove(subject, BATCH);
        }
    }

    @Override
    public Map<String, Integer> erase(String subject, PurgeScope scope) {
        return Map.of("uploads", jdbc.sql("DELETE FROM uploads WHERE subject = ?").param(subject).update());
    }
}
