/**
 * Seeded random networks and inputs for every backend's tests.
 */
package dev.bwn.model.random;
