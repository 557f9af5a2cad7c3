package dev.realtimelab.exercises.adder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("exercise")
@Tag("adder")
class AdderTest {

    @Test
    @DisplayName("adds two small numbers")
    void addsSmallNumbers() {
        assertEquals(5, Adder.add(2, 3), "add(2, 3) should be 5: does add() return a + b?");
    }

    @Test
    @DisplayName("adds a negative number")
    void addsNegativeNumbers() {
        assertEquals(-1, Adder.add(2, -3), "add(2, -3) should be -1");
    }

    @ParameterizedTest(name = "{0} + {1} = {2}")
    @CsvSource({"0, 0, 0", "1, 1, 2"})
    void addsFromATable(int a, int b, int sum) {
        assertEquals(sum, Adder.add(a, b), a + " + " + b + " should be " + sum);
    }
}
