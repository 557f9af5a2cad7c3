package dev.realtimelab.exercises.adder;

/** Compiles, but subtracts. */
public final class Adder {
    private Adder() {}

    public static int add(int a, int b) {
        return a - b;
    }
}
