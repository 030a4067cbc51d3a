/**
 * The strict {@code *.bwn.json} reader and writer, and atomic file writes.
 */
package dev.bwn.model.io;
