package dev.camroll.suggestions.internal;

import java.io.Serializable;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/** A row of the {@code occasions} table: one of the user's occasions at its position in the order given. */
@Entity
@IdClass(StoredOccasion.Key.class)
@Table(name = "occasions")
class StoredOccasion implements Persistable<StoredOccasion.Key> {

    /** The primary key: the user and the position. */
    record Key(String subject, int position) implements Serializable {}

    @Id
    private String subject;

    @Id
    private int position;

    private String label;

    @Enumerated(EnumType.STRING)
    private Occasion.Kind kind;

    private int month;

    private int day;

    // The rows are only ever inserted after the user's old ones are deleted: persist, without merge's SELECT first.
    @Transient
    private boolean isNew = true;

    protected StoredOccasion() {
        // for JPA
    }

    StoredOccasion(String subject, int position, Occasion occasion) {
        this.subject = subject;
        this.position = position;
        this.label = occasion.label().strip();
        this.kind = occasion.kind();
        this.month = occasion.month();
        this.day = occasion.day();
    }

    Occasion occasion() {
        return new Occasion(label, kind, month, day);
    }

    @Override
    public Key getId() {
        return new Key(subject, position);
    }

    @Override
    public boolean isNew() {
        return isNew;
    }

    @PostLoad
    @PostPersist
    void stored() {
        isNew = false;
    }
}
