package io.streamgate.pipeline.sql;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class StarHeightTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '~', quoteCharacter = '"', value = {
            "abc~0",
            "a?b?~0",
            "a{3}~0",
            "a{0,1}~0",
            "a+~1",
            "[a-z]*@[a-z]+\\.com~1",
            "(a|b)*c~1",
            "a{2,}~1",
            "a{1,5}~1",
            "(?:ab)+~1",
            "(a+)+~2",
            "(a*)*b~2",
            "((a+)+)+\\2b~3",
            "(?<word>\\w+\\s?)+$~2",
            "(x{2,3}){2,}~2",
            "(a+?)++~2",
            "\\(a+\\)+~1",
            "[(a+)+]~0",
            "[]a+]~0",
            "[a-z&&[^b]]+~1",
            "\\Q(a+)+\\E~0",
            "(?i)(ab)+~1",
            "(?=a+)b~1",
            "(?<!a+)b*~1",
            "(?i:(a+)+)~2",
    })
    void countsNestedQuantifiersThatRepeat(String pattern, int height) {
        assertThat(StarHeight.of(pattern)).isEqualTo(height);
    }
}
