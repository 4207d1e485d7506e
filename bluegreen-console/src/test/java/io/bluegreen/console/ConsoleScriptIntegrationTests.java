package io.bluegreen.console;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's script in a real headless Chromium, without a console behind it: a stub
 * of {@code fetch} answers the switch requests in the order the test chooses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleScriptIntegrationTests {

	private static final String PAGE = """
			<!DOCTYPE html>
			<html lang="en">
			<head><meta charset="utf-8"><script src="console.js"></script></head>
			<body>
			<div id="message" class="banner" role="status" hidden></div>
			<dialog id="confirm">
				<form method="dialog" id="confirm-form">
					<input type="text" id="confirm-reason">
				</form>
			</dialog>
			<script>
				// Each request waits until the test answers it
				window.requests = [];
				window.fetch = function () {
					return new Promise(function (resolve) { window.requests.push(resolve); });
				};
				window.answer = function (index, status, body) {
					window.requests[index]({ ok: status >= 200 && status < 300, status: status,
						json: function () { return Promise.resolve(body); } });
				};
				window.requestSwitch = function (to) {
					var dialog = document.getElementById('confirm');
					dialog.dataset.deployment = 'orders';
					dialog.dataset.to = to;
					document.getElementById('confirm-form').requestSubmit();
				};
			</script>
			</body>
			</html>
			""";

	@TempDir
	private Path site;

	private ChromeDriverService driverService;

	private WebDriver browser;

	@BeforeAll
	void startBrowser() throws IOException {
		this.driverService = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(this.driverService, ConsoleBrowserIntegrationTests.chromeOptions());
	}

	@AfterAll
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.driverService != null) {
			this.driverService.stop();
		}
	}

	/**
	 * The flake of {@code ConsoleBrowserIntegrationTests}: the first request of a switch
	 * answers {@code 202} a second after it was sent, so a second request refused with
	 * {@code 409} meanwhile can be answered first; the page then showed the first answer,
	 * "started", as if the second request had started a switch.
	 */
	@Test
	void anEarlierRequestsAnswerDoesNotReplaceTheAnswerToALaterOne() throws IOException {
		open();
		script("requestSwitch('green'); requestSwitch('green');");
		script("answer(1, 409, {title: 'Conflict', detail: 'A switch of deployment orders is in progress'});");
		settle();
		assertThat(message()).startsWith("409").contains("in progress");

		script("answer(0, 202, {outcome: 'STARTED'});");
		settle();
		assertThat(message()).startsWith("409").contains("in progress");
	}

	@Test
	void theAnswerToTheLatestRequestIsShown() throws IOException {
		open();
		script("requestSwitch('green'); answer(0, 202, {outcome: 'STARTED'});");
		settle();
		assertThat(message()).isEqualTo("Switch of orders to green started; the page follows it.");

		script("requestSwitch('green');");
		assertThat(message()).isEqualTo("Switching orders to green…");
		script("answer(1, 409, {title: 'Conflict', detail: 'A switch of deployment orders is in progress'});");
		settle();
		assertThat(message()).startsWith("409").contains("in progress");
	}

	private void open() throws IOException {
		try (InputStream script = getClass().getResourceAsStream("/static/js/console.js")) {
			assertThat(script).as("console.js on the class path").isNotNull();
			Files.copy(script, this.site.resolve("console.js"), StandardCopyOption.REPLACE_EXISTING);
		}
		Path page = Files.writeString(this.site.resolve("deployment.html"), PAGE);
		this.browser.get(page.toUri().toString());
	}

	private void script(String script) {
		((JavascriptExecutor) this.browser).executeScript(script);
	}

	/**
	 * Let every answer given so far run to its end: the stubbed answers settle in
	 * microtasks, which all run before a timer's task.
	 */
	private void settle() {
		((JavascriptExecutor) this.browser)
			.executeAsyncScript("var done = arguments[arguments.length - 1]; setTimeout(done, 0);");
	}

	private String message() {
		return this.browser.findElement(By.id("message")).getText();
	}

}
