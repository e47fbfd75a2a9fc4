/**
 * Object storage: the {@link dev.camroll.storage.ObjectStore} port every module keeps bytes through (originals,
 * previews, renders, keyed {@code u/{userKey}/...}), with resumable {@link dev.camroll.storage.Staging} for
 * uploads under {@code staging/}. Two adapters: one file per key under {@code {data-dir}/objects/} (the embedded
 * default) and any S3-compatible endpoint ({@code camroll.storage.type=s3}). Neither keeps state on the node:
 * a staging's state is handed to the caller, which stores it in its database.
 */
package dev.camroll.storage;
