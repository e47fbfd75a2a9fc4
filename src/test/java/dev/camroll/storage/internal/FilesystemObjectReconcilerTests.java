package dev.camroll.storage.internal;

/** The reconciler on the filesystem object store (the embedded default). */
class FilesystemObjectReconcilerTests extends ObjectReconcilerContract {

    @Override
    boolean seesUnfinishedUploadsByPrefix() {
        return true;
    }
}
