package ecstest.deploy.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTests {

    @Test
    void containsAndOverlaps() {
        Cidr vpc = Cidr.parse("10.0.0.0/16");
        Cidr a = Cidr.parse("10.0.2.0/24");
        Cidr b = Cidr.parse("10.0.2.128/25");

        assertThat(vpc.contains(a)).isTrue();
        assertThat(vpc.contains(Cidr.parse("10.1.0.0/24"))).isFalse();
        assertThat(a.overlaps(b)).isTrue();
        assertThat(a.overlaps(Cidr.parse("10.0.3.0/24"))).isFalse();
    }

    @Test
    void rejectsMalformedBlocksAndHostBits() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).hasMessageContaining("expected a.b.c.d/n");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("'33' is not a number from 0 to 32");
        assertThatThrownBy(() -> Cidr.parse("10.0.1.0/16"))
                .hasMessageContaining("host bits are set; the network is 10.0.0.0/16");
    }
}
