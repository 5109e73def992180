package io.apvirt.cli.render;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one JSON writer: declaration order, kebab-case, nulls kept, 2 spaces, '\n', a final newline, fixed map order. */
class JsonTest {

    record Inner(String zebra, int alpha) {
    }

    record Outer(String schema, Integer missing, Inner innerRecord, List<Integer> emptyList, List<String> names,
                 Map<String, Integer> counts) {
    }

    @Test
    void aRecordIsWrittenInDeclarationOrderWithNullsAndTwoSpaceIndentation() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("b", 2);
        counts.put("a", 1);
        String json = Json.write(new Outer("x/1", null, new Inner("z", 1), List.of(), List.of("p", "q"), counts));
        assertEquals("""
                {
                  "schema": "x/1",
                  "missing": null,
                  "inner-record": {
                    "zebra": "z",
                    "alpha": 1
                  },
                  "empty-list": [],
                  "names": [
                    "p",
                    "q"
                  ],
                  "counts": {
                    "b": 2,
                    "a": 1
                  }
                }
                """, json);
        assertTrue(json.indexOf('\r') < 0);
    }

    @Test
    void aMapWithoutAFixedOrderIsRefused() {
        Map<String, Integer> hashed = new HashMap<>(Map.of("a", 1, "b", 2));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Json.write(new Outer("x/1", null, null, List.of(), List.of(), hashed)));
        assertTrue(e.getMessage().contains("java.util.HashMap has no fixed order (at /counts): use a record, a TreeMap or a LinkedHashMap"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> Json.write(Map.of("a", 1, "b", 2)));
        assertEquals("{\n  \"a\": 1,\n  \"b\": 2\n}\n", Json.write(new TreeMap<>(Map.of("b", 2, "a", 1))));
        assertEquals("{\n  \"only\": 1\n}\n", Json.write(Map.of("only", 1)));
    }
}
