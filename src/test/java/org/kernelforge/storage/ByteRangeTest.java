package org.kernelforge.storage;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteRangeTest {

    @Test
    void parsesTheThreeFormsOfOneRange() throws Exception {
        assertEquals(Optional.of(new ByteRange(0, 9)), ByteRange.parse("bytes=0-9", 100));
        assertEquals(Optional.of(new ByteRange(90, 99)), ByteRange.parse("bytes=90-", 100));
        assertEquals(Optional.of(new ByteRange(95, 99)), ByteRange.parse("bytes=-5", 100));
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("bytes=-500", 100));
        assertEquals(Optional.of(new ByteRange(50, 99)), ByteRange.parse("bytes=50-1000", 100));
    }

    @Test
    void ignoresWhatItDoesNotServe() throws Exception {
        for (String header : new String[]{null, "items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=x-", "bytes=-",
                "bytes=99999999999999999999-"}) {
            assertEquals(Optional.empty(), ByteRange.parse(header, 100), header);
        }
    }

    @Test
    void rangesOutsideTheFileAreUnsatisfiable() {
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=100-", 100));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=100-200", 100));
        assertThrows(ByteRange.Unsatisfiable.class, () -> ByteRange.parse("bytes=-0", 100));
    }
}
