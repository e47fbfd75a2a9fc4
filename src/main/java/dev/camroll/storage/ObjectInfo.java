package dev.camroll.storage;

/**
 * What the store knows about one object.
 *
 * @param key the object's key
 * @param size its length in bytes
 */
public record ObjectInfo(String key, long size) {}
