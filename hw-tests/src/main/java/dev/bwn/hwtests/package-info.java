/**
 * Runs generated designs with real tools and compares them with the Java reference: the engine of {@code bwn verify}, {@code bwn demo} and the hardware test suites.
 */
package dev.bwn.hwtests;
