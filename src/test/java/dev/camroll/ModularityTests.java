package dev.camroll;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Modules talk only through each other's top-level (public) packages and never in cycles. */
class ModularityTests {

    @Test
    void moduleBoundariesHold() {
        ApplicationModules.of(CamrollApplication.class).verify();
    }
}
