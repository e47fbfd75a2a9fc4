/**
 * Object storage: the {@link dev.camroll.storage.ObjectStore} port every module keeps bytes through (originals,
 * previews, renders, keyed {@code u/{userKey}/...}), with resumable {@link dev.camroll.storage.Staging} for
 * uploads under {@code staging/}. The adapter keeps one file per key under {@code {data-dir}/objects/}. It keeps
 * no state of its own: a staging's state is handed to the caller, which stores it in its database.
 */
package dev.camroll.storage;
