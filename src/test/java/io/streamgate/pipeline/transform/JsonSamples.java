package io.streamgate.pipeline.transform;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Values as the pipeline meets them (Kafka's bytes, cast to text): JSON valid and not, plain ASCII and past
 * it, invalid UTF-8, a NUL, a byte order mark, null, and shuffled JSON punctuation; for the tests that
 * hold the service's parses against Spark's own, value by value.
 */
final class JsonSamples {

    private JsonSamples() {
    }

    static List<byte[]> values() {
        List<byte[]> values = new ArrayList<>();
        for (String text : List.of(
                "{\"id\": 7, \"name\": \"widget\", \"amount\": 2.5}",
                "{\"id\": 7, \"name\": \"w\", \"price\": 12.345, \"at\": \"2026-12-06T10:15:30Z\", \"day\": \"2026-12-06\"}",
                "{\"tags\": [\"a\", null, \"c\"], \"attrs\": {\"x\": 1, \"y\": \"two\"}, \"inner\": {\"a\": 1, \"b\": \"B\"}}",
                "  {\"id\": 1, \"id\": 2, \"name\": \"duplicate names: the last\"}  ",
                "{\"id\": \"seven\", \"name\": 7, \"amount\": \"2.5\", \"ok\": \"true\"}",
                "{\"id\": 12345678901234567890, \"amount\": 1e400, \"price\": 123456789012.5}",
                "{\"name\": \"escapes \\\" \\\\ \\n \\u00e9 \\ud83d\\ude00\", \"extra\": {\"deep\": [1, {\"x\": []}]}}",
                "{\"id\": 1, \"name\": \"n\"} trailing", "{\"id\": 1, \"name\": ", "{'id': 1}", "{\"amount\": NaN}",
                "[{\"id\": 1}]", "[]", "null", "\"text\"", "42", "", " ", "not json at all", "{}", "{\"ok\": tru}",
                "{\"name\": \"caf\u00e9 \u00fcber \u6f22\u5b57\", \"id\": 3}", "{\"id\": 1}\u0000", "\u0000{\"id\": 1}",
                "{\"id\": 1, \"name\": \"nul \u0000 inside\"}", "\ufeff{\"id\": 1, \"name\": \"after a byte order mark\"}")) {
            values.add(text.getBytes(StandardCharsets.UTF_8));
        }
        values.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, '"', '}'}); // a cut UTF-8 sequence
        values.add(new byte[] {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'});
        values.add(new byte[] {0, '{', 0, '"', 0, 'i', 0, 'd', 0, '"', 0, ':', 0, '1', 0, '}'}); // UTF-16 by its look
        values.add(null);
        Random random = new Random(30);
        for (int i = 0; i < 200; i++) { // printable ASCII and JSON's punctuation, shuffled
            byte[] noise = new byte[random.nextInt(40)];
            String alphabet = "{}[]\":,0123456789.eE+-ntrufals \\abc";
            for (int j = 0; j < noise.length; j++) {
                noise[j] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
            values.add(noise);
        }
        return values;
    }
}
