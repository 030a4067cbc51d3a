/**
 * Test vectors in a format testbenches read without a JSON parser (docs/SEMANTICS.md, section 7).
 */
package dev.bwn.model.vectors;
