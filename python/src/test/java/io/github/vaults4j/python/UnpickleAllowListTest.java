package io.github.vaults4j.python;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The allow-list rule on its own; GraalPyHardeningTest runs it inside GraalPy's unpickler on CPython data. */
class UnpickleAllowListTest {
    private final UnpickleAllowList modulePattern = new UnpickleAllowList(List.of("myapp.models.*"));
    private final UnpickleAllowList exact = new UnpickleAllowList(List.of("myapp.models.Service", "builtins.getattr"));

    @Test
    void aModulePatternAllowsOnlyClassesDefinedThere() {
        assertNull(modulePattern.refuseName("myapp.models", "Service"));
        assertNull(modulePattern.refuseResolved("myapp.models", "Service", "myapp.models", "Service", true));
        assertNull(modulePattern.refuseResolved("myapp.models", "Outer.Inner", "myapp.models", "Outer.Inner", true));
        String reached = modulePattern.refuseResolved("myapp.models", "os.mkdir", "posix", "mkdir", false);
        assertTrue(reached.contains("posix.mkdir"), reached);
        assertNotNull(modulePattern.refuseResolved("myapp.models", "helper", "myapp.models", "helper", false),
                "a function of the module");
        assertNotNull(modulePattern.refuseName("myapp.other", "Service"));
    }

    @Test
    void dunderNamesAndGetattrAreRefusedEvenWhenListed() {
        assertNotNull(exact.refuseName("myapp.models", "Service.__init__"));
        assertNotNull(exact.refuseName("builtins", "getattr"));
        assertNotNull(exact.refuseMember("myapp.models.Service", "__init__", false));
        assertNotNull(exact.refuseMember("myapp.models.Service", "helper", false), "not an instance of the class");
        assertNull(exact.refuseMember("myapp.models.Color", "RED", true));
    }

    @Test
    void anExactEntryIsTheObjectDefinedUnderThatName() {
        assertNull(exact.refuseResolved("myapp.models", "Service", "myapp.models", "Service", true));
        assertNotNull(exact.refuseResolved("myapp.models", "Service", "myapp.base", "Service", true),
                "a re-exported class is judged by where it is defined");
        assertNull(exact.refuseName("datetime", "datetime"), "plain types need no listing");
    }

    @Test
    void anEntryWithoutModuleIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> new UnpickleAllowList(List.of("Service")));
    }
}
