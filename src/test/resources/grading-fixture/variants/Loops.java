package dev.realtimelab.exercises.adder;

/** Never returns: the grader must time out, and the next grading must still work. */
public final class Adder {
    private static volatile long spins;

    private Adder() {}

    public static int add(int a, int b) {
        while (true) {
            spins++;
        }
    }
}
