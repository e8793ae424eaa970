package org.nodulescope.model;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A fresh PyTorch {@link NDManager} for each test, closed when the test ends however it ends: an
 * {@code NDManager} parameter of the test, or of its {@code @BeforeEach} (the same manager in
 * both). For op tests, which used to open and close one by hand:
 *
 * <pre>{@code
 * @ExtendWith(ManagerPerTest.class)
 * class BoxCoderTest {
 *     @BeforeEach
 *     void open(NDManager manager) { ... }
 * }</pre>
 */
public final class ManagerPerTest implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ManagerPerTest.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NDManager.class;
    }

    @Override
    public NDManager resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // the test's own store: JUnit closes what it holds when the test is over
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(NDManager.class,
                type -> NDManager.newBaseManager("PyTorch"), NDManager.class);
    }
}
