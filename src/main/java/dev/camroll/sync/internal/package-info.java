/** The workings of sync, which other modules do not see: its web adapter, its table owners and its services. */
@NullMarked
package dev.camroll.sync.internal;

import org.jspecify.annotations.NullMarked;
