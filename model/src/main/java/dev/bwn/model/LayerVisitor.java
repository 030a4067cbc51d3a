package dev.bwn.model;

/**
 * One method per layer kind. Every backend dispatches on kinds through this interface (no instanceof chains, no
 * switch on kind strings), so adding a kind fails to compile wherever it is not handled yet.
 */
public interface LayerVisitor<R> {
    R conv2d(Conv2d layer);

    R dense(Dense layer);

    R maxPool(MaxPool layer);

    R flatten(Flatten layer);

    R add(Add layer);

    R globalAvgPool(GlobalAvgPool layer);
}
