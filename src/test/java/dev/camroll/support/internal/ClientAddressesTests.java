package dev.camroll.support.internal;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

/** Which address a console sign-in is counted under. */
class ClientAddressesTests {

    @Test
    void withoutAnExplicitForwardHeadersStrategyTheConnectionsPeerCountsWhateverRewroteTheAddress() {
        // as on Kubernetes, where Spring Boot turns Tomcat's RemoteIpValve on by itself: the valve rewrote the
        // request's address from X-Forwarded-For, the peer valve noted the connection's real peer
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/support/sign-in");
        request.setRemoteAddr("203.0.113.7");
        request.addHeader("X-Forwarded-For", "203.0.113.7");
        request.setAttribute(ClientAddresses.PEER, "10.1.2.3");

        assertThat(new ClientAddresses(new MockEnvironment()).of(request)).isEqualTo("10.1.2.3");
        assertThat(new ClientAddresses(new MockEnvironment().withProperty("server.forward-headers-strategy", "none"))
                        .of(request))
                .isEqualTo("10.1.2.3");
    }

    @Test
    void anOperatorsForwardHeadersStrategyMakesTheForwardedAddressCount() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/support/sign-in");
        request.setRemoteAddr("203.0.113.7");
        request.setAttribute(ClientAddresses.PEER, "10.1.2.3");

        for (String strategy : new String[] {"native", "framework", "NATIVE"}) {
            assertThat(new ClientAddresses(
                                    new MockEnvironment().withProperty("server.forward-headers-strategy", strategy))
                            .of(request))
                    .isEqualTo("203.0.113.7");
        }
    }

    @Test
    void anIpv6ClientCountsByItsSlash64AndNothingIsLookedUp() {
        assertThat(ClientAddresses.normalized("2001:db8:1:2:aaaa:bbbb:cccc:dddd"))
                .isEqualTo(ClientAddresses.normalized("2001:db8:1:2::1"))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(ClientAddresses.normalized("2001:db8:1:3::1"))
                .isNotEqualTo(ClientAddresses.normalized("2001:db8:1:2::1"));
        assertThat(ClientAddresses.normalized("::ffff:192.0.2.1")).isEqualTo("192.0.2.1");
        assertThat(ClientAddresses.normalized("192.0.2.1")).isEqualTo("192.0.2.1");
        // not literals: hashed to a short key, never resolved
        assertThat(ClientAddresses.normalized("unknown")).startsWith("other:").hasSize(38);
        assertThat(ClientAddresses.normalized("999.1.1.1")).startsWith("other:");
        assertThat(ClientAddresses.normalized("x".repeat(10_000))).hasSize(38);
        assertThat(ClientAddresses.normalized(null)).startsWith("other:");
    }
}
