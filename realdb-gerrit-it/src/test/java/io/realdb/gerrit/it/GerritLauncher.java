package io.realdb.gerrit.it;

import java.util.Arrays;

/**
 * Starts one of Gerrit's programs ({@code com.google.gerrit.pgm.Init}, {@code ...Daemon}) in the
 * child JVM: they have no static main, but an instance method {@code int main(String[])}.
 */
public final class GerritLauncher {

    private GerritLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Object program = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        Object code = program.getClass().getMethod("main", String[].class)
                .invoke(program, (Object) Arrays.copyOfRange(args, 1, args.length));
        System.exit((Integer) code);
    }
}
