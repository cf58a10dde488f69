package ecstest.gate;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GateServerApplication {

    public static void main(String[] args) {
        // Before anything resolves a name: the JVM reads its DNS cache policy once, on first use.
        DnsCachePolicy.apply();
        SpringApplication.run(GateServerApplication.class, args);
    }
}
