package dev.realtimelab.exercises.adder;

/** Adds two numbers. */
public final class Adder {
    private Adder() {}

    public static int add(int a, int b) {
        return a + b;
    }
}
