package ecstest.data;

import ecstest.support.StopSignal;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DataServerApplication {

    public static void main(String[] args) {
        StopSignal.exitCleanlyOnSigterm();
        SpringApplication.run(DataServerApplication.class, args);
    }
}
