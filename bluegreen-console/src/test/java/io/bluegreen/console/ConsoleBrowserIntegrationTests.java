package io.bluegreen.console;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.TakesScreenshot;

import io.bluegreen.fleet.EndedSwitch;
import io.bluegreen.fleet.FleetStatus;
import io.bluegreen.fleet.SwitchOutcome;
import io.bluegreen.lifecycle.LifecycleService;
import io.bluegreen.test.EmbeddedBroker;
import io.bluegreen.test.FleetInstances;
import io.bluegreen.test.Gate;
import io.bluegreen.test.Load;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console in a real headless Chromium, against the embedded broker and a deployment
 * of two instances per color: what an anonymous visitor and an operator see and may do, a
 * switch from the page checked through the fleet, and an instance that stops.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIntegrationTests {

	private static final int PARTITIONS = 4;

	/**
	 * Where the screenshot of the deployment page during a switch is copied for the docs:
	 * {@code -Dbluegreen.console.screenshot=../docs/console/deployment.png}. Every run
	 * keeps it in {@code target/console}, so a plain run leaves the work tree unchanged.
	 */
	private static final String SCREENSHOT_PROPERTY = "bluegreen.console.screenshot";

	private FleetInstances fleet;

	private Load load;

	private ConfigurableApplicationContext console;

	private String base;

	private ChromeDriverService driverService;

	private WebDriver browser;

	@BeforeAll
	void startFleetConsoleAndBrowser() throws IOException {
		String topic = EmbeddedBroker.createTopic("console", PARTITIONS);
		// Generous timeouts: the switch waits for a
		// held record while the test looks at the page
		this.fleet = new FleetInstances(topic, "bluegreen.drain-timeout=90s");
		this.load = new Load(topic, PARTITIONS);
		for (String id : List.of("blue-1", "blue-2", "green-1", "green-2")) {
			this.fleet.start(id, id.substring(0, id.indexOf('-')));
		}
		this.fleet.awaitReady(PARTITIONS);
		this.load.send(40);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> this.fleet.processedBy("blue") == 40);
		this.console = ConsoleApplication.application()
			.run("--server.port=0", "--spring.kafka.bootstrap-servers=" + EmbeddedBroker.bootstrapServers(),
					"--bluegreen.console.control-topics=" + this.fleet.controlTopic(),
					"--bluegreen.console.instance-timeout=3s", "--bluegreen.console.switch-timeout=90s",
					"--bluegreen.console.refresh-interval=1s", "--bluegreen.console.connection-check-interval=1s",
					"--spring.security.user.name=alice", "--spring.security.user.password=s3cret",
					"--spring.security.user.roles=BLUEGREEN_OPERATOR");
		this.base = "http://localhost:" + this.console.getEnvironment().getProperty("local.server.port");
		this.driverService = new ChromeDriverService.Builder().usingDriverExecutable(new File("/usr/bin/chromedriver"))
			.usingAnyFreePort()
			.build();
		this.browser = new ChromeDriver(this.driverService, chromeOptions());
		this.browser.manage().window().setSize(new Dimension(1280, 1000));
	}

	static ChromeOptions chromeOptions() throws IOException {
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		// The background services would reach for
		// the internet, which this browser must not
		options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--user-data-dir=" + Files.createTempDirectory("chromium").toAbsolutePath());
		return options;
	}

	@AfterAll
	void stopAll() throws InterruptedException {
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.driverService != null) {
			this.driverService.stop();
		}
		if (this.console != null) {
			this.console.close();
		}
		if (this.load != null) {
			this.load.close();
		}
		if (this.fleet != null) {
			this.fleet.close();
		}
	}

	@Test
	@Order(1)
	void anAnonymousVisitorSeesBothColorsAndTheirInstancesButNoSwitchButton() throws Exception {
		this.browser.get(this.base + "/");
		click(By.cssSelector("[data-deployment='" + this.fleet.deployment() + "'] a"));

		for (String id : List.of("blue-1", "blue-2", "green-1", "green-2")) {
			awaitElement(By
				.cssSelector("[data-color='" + id.substring(0, id.indexOf('-')) + "'] [data-instance='" + id + "']"));
		}
		awaitText(By.id("active-color"), "blue");
		assertThat(this.browser.findElements(By.id("switch-button"))).isEmpty();
		assertThat(this.browser.findElements(By.id("sign-in-to-switch"))).hasSize(1);
		// The lag of both colors' groups, per partition
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> this.browser.findElements(By.cssSelector("[data-color='blue'] table.partitions tbody tr"))
				.size() == PARTITIONS);
	}

	@Test
	@Order(2)
	void aSwitchWithoutSigningInIsRefusedAndChangesNothing() throws Exception {
		HttpResponse<String> refused = post("/deployments/" + this.fleet.deployment() + "/switch", "to=green",
				Map.of());
		// Refused before its body is read, as from nobody: it carries no credentials
		assertThat(refused.statusCode()).isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"bluegreen console\"");
		assertThat(refused.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/problem+json"));
		assertThat(refused.body()).contains("Switching needs a signed-in user");

		HttpResponse<String> basic = post("/deployments/" + this.fleet.deployment() + "/switch", "to=green", Map
			.of("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes())));
		assertThat(basic.statusCode()).as("a signed-in request without the page's CSRF token").isEqualTo(403);

		HttpResponse<String> unknown = get("/deployments/no-such-deployment");
		assertThat(unknown.statusCode()).isEqualTo(404);
		assertThat(unknown.body()).contains("No deployment 'no-such-deployment'");

		assertThat(status().active()).isEqualTo("blue");
		assertThat(status().epoch()).isEqualTo(1);
	}

	@Test
	@Order(3)
	void anOperatorSwitchesToGreenFromThePageAndFollowsItLive() throws Exception {
		signIn();
		this.browser.get(this.base + "/deployments/" + this.fleet.deployment());
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> text(By.id("switch-button")).equals("Switch to green"));

		// A blue listener holds a record, so the switch waits for blue to drain
		Gate gate = this.fleet.get("blue-1").getBean(Gate.class);
		gate.close();
		long before = this.fleet.processedBy("blue");
		this.load.send(8);
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> gate.waiting() > 0);

		// The live part of the page is replaced at every update: the button is found anew
		click(By.id("switch-button"));
		assertThat(text(By.id("confirm-deployment"))).isEqualTo(this.fleet.deployment());
		assertThat(text(By.id("confirm-to"))).isEqualTo("green");
		this.browser.findElement(By.id("confirm-reason")).sendKeys("release 2.4.1");
		this.browser.findElement(By.id("confirm-switch")).click();

		awaitElement(By.id("switch-in-progress"));
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> text(By.id("switch-in-progress")).contains("waiting for"));
		assertThat(text(By.id("switch-in-progress"))).contains("blue", "green", "alice");
		assertThat(this.browser.findElements(By.id("switch-button"))).isEmpty();
		screenshot();

		// A second request while one is in progress: 409, said on the page
		((JavascriptExecutor) this.browser).executeScript("""
				var dialog = document.getElementById('confirm');
				dialog.dataset.deployment = arguments[0];
				dialog.dataset.to = 'green';
				document.getElementById('confirm-form').requestSubmit();
				""", this.fleet.deployment());
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> text(By.id("message")).startsWith("409"));
		assertThat(text(By.id("message"))).contains("in progress");

		gate.open();
		awaitOrDiagnose(() -> "green".equals(status().active()));
		assertThat(status().switchInProgress()).isNull();
		EndedSwitch ended = status().lastSwitch();
		assertThat(ended.outcome()).isEqualTo(SwitchOutcome.COMPLETED);
		assertThat(ended.requestedBy()).isEqualTo("alice");
		assertThat(ended.requestReason()).isEqualTo("release 2.4.1");

		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> this.browser.findElements(By.id("last-outcome")).size() == 1);
		awaitText(By.id("last-outcome"), "COMPLETED");
		awaitText(By.id("active-color"), "green");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> text(By.id("history")).contains("alice"));
		assertThat(text(By.id("history"))).contains("COMPLETED", "alice", "release 2.4.1");
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> text(By.id("switch-button")).equals("Switch to blue"));
		// Every record processed once, in order:
		// blue drained what it held, green took over
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> this.fleet.processedBy("blue") + this.fleet.processedBy("green") == before + 8);
		this.fleet.assertEveryRecordProcessedOnceInOrder(this.load.endOffsets());
		assertThat(this.fleet.colorChanges()).as("changes of the consuming color").isEqualTo(1);
	}

	@Test
	@Order(4)
	void aRequestForAnUnknownColorIsABadRequest() {
		Object answer = ((JavascriptExecutor) this.browser).executeAsyncScript("""
				var done = arguments[arguments.length - 1];
				var headers = {'Content-Type': 'application/x-www-form-urlencoded'};
				headers[document.querySelector('meta[name="_csrf_header"]').content] =
						document.querySelector('meta[name="_csrf"]').content;
				fetch('/deployments/' + arguments[0] + '/switch', {method: 'POST', headers: headers, body: 'to=purple'})
					.then(function (r) { return r.text().then(function (t) { done(r.status + ' ' + t); }); });
				""", this.fleet.deployment());
		assertThat(String.valueOf(answer)).startsWith("400").contains("Unknown color 'purple'", "blue", "green");
		assertThat(status().active()).isEqualTo("green");
	}

	@Test
	@Order(5)
	void aStoppedInstanceDisappearsWithinTheInstanceTimeout() {
		this.browser.get(this.base + "/deployments/" + this.fleet.deployment());
		awaitElement(By.cssSelector("[data-instance='blue-2']"));
		this.fleet.stop("blue-2");
		await().atMost(Duration.ofSeconds(3 + 2 + 5))
			.until(() -> this.browser.findElements(By.cssSelector("[data-instance='blue-2']")).isEmpty());
		assertThat(this.browser.findElements(By.cssSelector("[data-instance='blue-1']"))).hasSize(1);
	}

	@Test
	@Order(6)
	void withoutAConnectionToKafkaThePageSaysSoAndOffersNoSwitch() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		try (ConfigurableApplicationContext offline = ConsoleApplication.application()
			.run("--server.port=0", "--spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort,
					"--bluegreen.console.connection-check-interval=1s")) {
			String offlineBase = "http://localhost:" + offline.getEnvironment().getProperty("local.server.port");
			await().atMost(EmbeddedBroker.waitCeiling()).untilAsserted(() -> {
				this.browser.get(offlineBase + "/");
				assertThat(text(By.id("connection-problem"))).contains("No connection to Kafka");
			});
		}
	}

	private FleetStatus status() {
		return this.fleet.service("green-1").status();
	}

	/**
	 * Wait for a condition of the switch; if it does not come, fail with what the switch
	 * waits for and where each instance's drain stands.
	 */
	private void awaitOrDiagnose(Callable<Boolean> condition) {
		try {
			await().atMost(EmbeddedBroker.waitCeiling()).until(condition);
		}
		catch (ConditionTimeoutException ex) {
			StringBuilder diagnosis = new StringBuilder(String.valueOf(ex.getMessage()));
			diagnosis.append("\nfleet: ").append(status());
			for (String id : List.of("blue-1", "blue-2", "green-1", "green-2")) {
				diagnosis.append("\n")
					.append(id)
					.append(": ")
					.append(this.fleet.get(id).getBean(LifecycleService.class).status());
			}
			throw new AssertionError(diagnosis.toString(), ex);
		}
	}

	private void signIn() {
		this.browser.get(this.base + "/login");
		awaitElement(By.id("username")).sendKeys("alice");
		this.browser.findElement(By.id("password")).sendKeys("s3cret");
		this.browser.findElement(By.id("sign-in-submit")).click();
		await().atMost(EmbeddedBroker.waitCeiling())
			.until(() -> !this.browser.findElements(By.cssSelector(".user")).isEmpty());
	}

	private void screenshot() throws IOException {
		File taken = ((TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Path target = Path.of("target", "console", "deployment.png");
		Files.createDirectories(target.getParent());
		Files.copy(taken.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
		String docs = System.getProperty(SCREENSHOT_PROPERTY);
		if (docs != null) {
			Path copy = Path.of(docs);
			Files.createDirectories(copy.toAbsolutePath().getParent());
			Files.copy(taken.toPath(), copy, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private WebElement awaitElement(By by) {
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> !this.browser.findElements(by).isEmpty());
		return this.browser.findElement(by);
	}

	private void awaitText(By by, String expected) {
		await().atMost(EmbeddedBroker.waitCeiling()).until(() -> text(by).equals(expected));
	}

	private void click(By by) {
		await().atMost(EmbeddedBroker.waitCeiling()).ignoreException(StaleElementReferenceException.class).until(() -> {
			awaitElement(by).click();
			return true;
		});
	}

	private String text(By by) {
		List<WebElement> found = this.browser.findElements(by);
		try {
			return found.isEmpty() ? "" : found.get(0).getText();
		}
		catch (StaleElementReferenceException ex) {
			return "";
		}
	}

	private HttpResponse<String> post(String path, String form, Map<String, String> headers) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(form));
		headers.forEach(request::header);
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(this.base + path)).build(), HttpResponse.BodyHandlers.ofString());
	}

}
