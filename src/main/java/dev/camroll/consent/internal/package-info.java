/** The consent module's implementation: the ledger and its tables, notices, receipts and the HTTP API. */
@NullMarked
package dev.camroll.consent.internal;

import org.jspecify.annotations.NullMarked;
