package io.realdb.jenkins

import com.cloudbees.groovy.cps.NonCPS

/** Command lines for the {@code sh} step, each word quoted: no value is ever read as shell syntax. */
class Shell implements Serializable {

    private static final long serialVersionUID = 1L

    @NonCPS
    static String quote(String word) {
        "'" + word.replace("'", "'\\''") + "'"
    }

    @NonCPS
    static String join(List<String> words) {
        words.collect { quote(it.toString()) }.join(' ')
    }
}
