package io.realdb.gerrit.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the one Gerrit server of this test run: started by the first test that asks for
 * it, kept in the root context's store, which closes it when the run ends.
 */
final class GerritExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GerritExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == GerritServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent("gerrit", key -> {
            try {
                GerritServer server = GerritServer.start();
                System.out.printf("Gerrit %s: init %d ms, daemon ready after %d ms%n", server.url(),
                        server.initTime.toMillis(), server.startTime.toMillis());
                return server;
            } catch (Exception e) {
                throw new IllegalStateException("the real Gerrit server did not start: " + e.getMessage(), e);
            }
        }, GerritServer.class);
    }
}
