package ecstest.gate;

import ecstest.support.StopSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GateServerApplication {

    public static void main(String[] args) {
        StopSignal.exitCleanlyOnSigterm();
        // Before anything resolves a name: the JVM reads its DNS cache policy once, on first use.
        DnsCachePolicy.apply();
        SpringApplication.run(GateServerApplication.class, args);
    }
}
