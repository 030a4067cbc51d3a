/**
 * Datasets as the integer model sees them: uint8 CHW images and int labels, read from IDX
 * (MNIST, Fashion-MNIST) or CIFAR-10 binary files, with seeded shuffling. No ND4J here, so code
 * generation and evaluation can load test images without the training stack.
 */
package dev.bwn.model.data;
