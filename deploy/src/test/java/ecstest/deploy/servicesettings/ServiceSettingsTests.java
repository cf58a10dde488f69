package ecstest.deploy.servicesettings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ecstest.deploy.DeployException;
import ecstest.deploy.servicesettings.ServiceSettings.Kind;
import org.junit.jupiter.api.Test;

class ServiceSettingsTests {

    @Test
    void durationsAreWhatSpringBootReadsAndPositive() {
        assertThat(ServiceSettings.valid(Kind.DURATION, "500ms")).isTrue();
        assertThat(ServiceSettings.valid(Kind.DURATION, "2s")).isTrue();
        assertThat(ServiceSettings.valid(Kind.DURATION, "1500")).isTrue(); // milliseconds
        assertThat(ServiceSettings.valid(Kind.DURATION, "PT2S")).isTrue();
        assertThat(ServiceSettings.valid(Kind.DURATION, "0s")).isFalse();
        assertThat(ServiceSettings.valid(Kind.DURATION, "PT0S")).isFalse();
        assertThat(ServiceSettings.valid(Kind.DURATION, "-1s")).isFalse();
        assertThat(ServiceSettings.valid(Kind.DURATION, "2 s")).isFalse();
        assertThat(ServiceSettings.valid(Kind.DURATION, "2sec")).isFalse();
    }

    @Test
    void sizesAreWhatSpringBootReadsFromOneByteToOneMegabyte() {
        assertThat(ServiceSettings.valid(Kind.SIZE, "64KB")).isTrue();
        assertThat(ServiceSettings.valid(Kind.SIZE, "1MB")).isTrue();
        assertThat(ServiceSettings.valid(Kind.SIZE, "1048576")).isTrue(); // bytes
        assertThat(ServiceSettings.valid(Kind.SIZE, "1B")).isTrue();
        assertThat(ServiceSettings.valid(Kind.SIZE, "0B")).isFalse();
        assertThat(ServiceSettings.valid(Kind.SIZE, "1025KB")).isFalse();
        assertThat(ServiceSettings.valid(Kind.SIZE, "2MB")).isFalse();
        assertThat(ServiceSettings.valid(Kind.SIZE, "1GB")).isFalse();
        assertThat(ServiceSettings.valid(Kind.SIZE, "64 KB")).isFalse();
        assertThat(ServiceSettings.valid(Kind.SIZE, "64kilobytes")).isFalse();
    }

    @Test
    void urlsNeedHttpAndAHostAndCountsARange() {
        assertThat(ServiceSettings.valid(Kind.URL, "http://data-server.ecs-test:4000"))
                .isTrue();
        assertThat(ServiceSettings.valid(Kind.URL, "https://example.com")).isTrue();
        assertThat(ServiceSettings.valid(Kind.URL, "data-server:4000")).isFalse();
        assertThat(ServiceSettings.valid(Kind.URL, "ftp://host/")).isFalse();
        assertThat(ServiceSettings.valid(Kind.URL, "http://")).isFalse();
        assertThat(ServiceSettings.valid(Kind.COUNT, "1")).isTrue();
        assertThat(ServiceSettings.valid(Kind.COUNT, "10000")).isTrue();
        assertThat(ServiceSettings.valid(Kind.COUNT, "0")).isFalse();
        assertThat(ServiceSettings.valid(Kind.COUNT, "10001")).isFalse();
        assertThat(ServiceSettings.valid(Kind.COUNT, "many")).isFalse();
    }

    @Test
    void parametersLiveUnderTheStackAndServiceAndUnknownNamesAreRefused() {
        assertThat(ServiceSettings.parameterName("ecs-test", "gate-server", "data-server.read-timeout"))
                .isEqualTo("/ecs-test/gate-server/data-server.read-timeout");
        assertThatThrownBy(() -> ServiceSettings.setting("gate-server", "read-timeout"))
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("gate-server has no setting 'read-timeout'; its settings: data-server.url, ");
        assertThatThrownBy(() -> ServiceSettings.setting("data-server", "shutdown.drain-period"))
                .isInstanceOf(DeployException.class)
                .hasMessage("data-server takes no settings from Parameter Store: settings are for gate-server");
    }
}
