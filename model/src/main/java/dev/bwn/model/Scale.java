package dev.bwn.model;

/**
 * Per-channel rescaling of one tensor, requantized: {@code y[c,h,w] = clamp((x*m[c] + bias[c] + round(shift[c])) >>
 * shift[c])} with the rounding and clamp of {@link Requant} (the {@link ElementwiseLayer} arithmetic with one term):
 * a batch norm that no conv absorbed, or a ReLU-clamp with a scale.
 */
public record Scale(String name, Requant requant, ActivationType output) implements ElementwiseLayer {
    /** The kind as spelled in {@code *.bwn.json}. */
    public static final String KIND = "scale";

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public RescaledSum sum() {
        return RescaledSum.of(requant);
    }

    @Override
    public <R> R accept(LayerVisitor<R> visitor) {
        return visitor.scale(this);
    }
}
