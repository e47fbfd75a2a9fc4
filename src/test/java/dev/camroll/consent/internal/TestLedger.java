package dev.camroll.consent.internal;

import java.util.Map;

import dev.camroll.consent.Actor;
import dev.camroll.consent.ConsentViews;
import dev.camroll.identity.Subject;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Ledger entries that no API writes yet, appended through the ledger itself, for tests of what reads them. */
public final class TestLedger {

    private TestLedger() {}

    /** A {@code DATA_PURGED} receipt (actor SYSTEM) with these details, as the purge on withdrawal records it. */
    public static void recordPurge(ApplicationContext context, String subject, Map<String, Object> details) {
        ConsentLedger ledger = context.getBean(ConsentLedger.class);
        new TransactionTemplate(context.getBean(PlatformTransactionManager.class)).executeWithoutResult(tx -> {
            ledger.lock(Subject.of(subject));
            ledger.append(
                    Subject.of(subject),
                    new ConsentEvent.Draft(
                            ConsentEvent.Type.DATA_PURGED,
                            null,
                            null,
                            null,
                            null,
                            details,
                            Actor.system(),
                            null,
                            ConsentViews.Circumstances.NONE));
        });
    }
}
