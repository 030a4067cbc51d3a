package dev.bwn.model.data;

/** Which part of a dataset to load. */
public enum Split {
  TRAIN,
  TEST
}
