/**
 * The synthetic benchmark's language data, shared by {@code ingest} (which renders the problems)
 * and {@code train} (whose translation probe rewrites a question with the other operation).
 */
package org.polyreason.synthetic;
