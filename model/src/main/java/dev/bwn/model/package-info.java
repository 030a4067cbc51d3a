/**
 * The deployable integer model: layers, shapes, packed binary weights, requantization, and the bit-exact reference inference ({@link dev.bwn.model.Network#infer(int[])}) defined by docs/SEMANTICS.md.
 */
package dev.bwn.model;
