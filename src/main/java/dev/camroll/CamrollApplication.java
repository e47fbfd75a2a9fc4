package dev.camroll;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The camroll service: opt-in cloud processing of a phone's camera roll. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CamrollApplication {

    public static void main(String[] args) {
        SpringApplication.run(CamrollApplication.class, args);
    }
}
