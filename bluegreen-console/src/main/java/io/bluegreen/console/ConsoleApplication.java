package io.bluegreen.console;

import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The bluegreen console, one runnable jar.
 *
 * @author bluegreen
 */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleApplication {

	/**
	 * Run the console.
	 * @param args the command line arguments
	 */
	public static void main(String[] args) {
		application().run(args);
	}

	/**
	 * Return the console's application, for the launchers that embed it, such as the
	 * demo.
	 * @return the application
	 */
	public static SpringApplication application() {
		SpringApplication application = new SpringApplication(ConsoleApplication.class);
		// The console coordinates switches; it is no instance of any deployment
		application.setDefaultProperties(Map.of("bluegreen.enabled", "false"));
		return application;
	}

}
